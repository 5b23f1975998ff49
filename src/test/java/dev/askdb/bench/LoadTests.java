package dev.askdb.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.askdb.support.ClosedLoopLoad;
import dev.askdb.support.ClosedLoopLoad.Result;
import dev.askdb.support.InstantModel;
import dev.askdb.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds 32 clients chatting against a server in its own JVM with a model that answers at
 * once, and checks that the server neither fails nor leaks: no 5xx, no "database is
 * locked", no connection left lent out and no threads gained once the load stops.
 *
 * <p>
 * The suite holds the load for {@code askdb.load.seconds} (15 by default); the benchmark
 * holds it for a minute.
 */
@Timeout(300)
class LoadTests {

	static final int CLIENTS = 32;

	@TempDir
	Path scratch;

	@Test
	void holdsThirtyTwoChattingClientsWithoutErrorsOrLeaks() {
		Duration duration = Duration.ofSeconds(Long.getLong("askdb.load.seconds", 15));
		try (InstantModel model = new InstantModel();
				ServerProcess server = ServerProcess
					.start(ServerProcess.Settings.sqlite(this.scratch.resolve("data"), model.baseUrl())
						.withArguments(List.of("--management.endpoints.web.exposure.include=health,metrics")))) {
			Workload workload = Workload.prepare(server.api(), CLIENTS);
			ClosedLoopLoad.run(CLIENTS, Duration.ofSeconds(3), workload.mixed());
			long threadsWarm = settledThreads(server);

			Result load = ClosedLoopLoad.run(CLIENTS, duration, workload.mixed());
			long threadsAfter = settledThreads(server);

			assertThat(load.requests()).isPositive();
			assertThat(load.statuses().keySet()).as("statuses %s", load.statuses()).containsOnly(200, 201);
			assertThat(server.output()).doesNotContainIgnoringCase("database is locked")
				.doesNotContain("SQLITE_BUSY")
				.doesNotContain("Connection is not available");
			assertThat(settledConnections(workload)).isZero();
			assertThat(threadsAfter).as("threads warm %d, after load %d", threadsWarm, threadsAfter)
				.isLessThanOrEqualTo(threadsWarm + 16);
		}
	}

	/**
	 * The store connections in use once background work has drained: the embedding of the
	 * messages posted under load goes on for a while after the last answer, so a leak is
	 * a count that stays above zero, not one that does so at the first look.
	 */
	private static int settledConnections(Workload workload) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int active = workload.activeStoreConnections();
		while (active > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return active;
			}
			active = workload.activeStoreConnections();
		}
		return active;
	}

	/**
	 * The server's thread count once requests in flight have drained.
	 */
	private static long settledThreads(ServerProcess server) {
		try {
			Thread.sleep(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return server.threads();
	}

}
