package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * An askdb server running in its own JVM, so that its memory, its threads and its crashes
 * are its own: started from the executable jar or from the test classpath, killed with
 * SIGKILL or stopped, and restarted on the same data folder.
 */
public final class ServerProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Settings settings;

	private final Process process;

	private final int port;

	private ServerProcess(Settings settings, Process process, int port) {
		this.settings = settings;
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a server and waits until its health endpoint answers UP.
	 * @param settings how to start it
	 * @return the healthy server
	 */
	public static ServerProcess start(Settings settings) {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(settings.jvmOptions());
		if (settings.jar() != null) {
			command.addAll(List.of("-jar", settings.jar().toString()));
		}
		else {
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.askdb.AskdbApplication"));
		}
		command.addAll(settings.arguments());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log().toFile()));
		builder.environment().put("ASKDB_DATA_DIR", settings.dataDir().toString());
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().put("ASKDB_OPENAI_BASE_URL", settings.modelBaseUrl());
		builder.environment().put("ASKDB_JWT_SECRET", TestServers.JWT_SECRET_BASE64);
		builder.environment().putAll(settings.environment());
		try {
			ServerProcess server = new ServerProcess(settings, builder.start(), port);
			server.awaitHealthy(Duration.ofSeconds(90));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the server", ex);
		}
	}

	/**
	 * Starts another server on the same data folder and store, with extra arguments.
	 * @param extraArguments arguments added to the first start's
	 * @return the healthy server
	 */
	public ServerProcess restart(String... extraArguments) {
		List<String> arguments = new ArrayList<>(this.settings.arguments());
		arguments.addAll(Arrays.asList(extraArguments));
		return start(this.settings.withArguments(arguments));
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public Api api() {
		return new Api(this.port);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Kills the server the way a power cut or the OOM killer would: SIGKILL, no shutdown
	 * hooks, no flushing.
	 */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	/**
	 * Stops the server gracefully (SIGTERM), killing it if it does not exit in time.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop();
		}
	}

	/**
	 * The server's resident memory.
	 * @return VmRSS from /proc, in bytes
	 */
	public long residentBytes() {
		return procStatus("VmRSS") * 1024;
	}

	/**
	 * The server's thread count, JVM-internal threads included.
	 * @return Threads from /proc
	 */
	public long threads() {
		return procStatus("Threads");
	}

	/**
	 * Everything the server wrote to stdout and stderr so far, over all its starts.
	 * @return the output
	 */
	public String output() {
		try {
			return Files.readString(this.settings.log(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Settings settings() {
		return this.settings;
	}

	private long procStatus(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No " + field + " in /proc/" + pid() + "/status");
	}

	private void awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				if (http.send(health, BodyHandlers.ofString()).body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(100);
		}
		kill();
		throw new IllegalStateException("The server was not healthy within " + timeout + ":\n" + tail());
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The server did not exit");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String tail() {
		String output = output();
		return output.substring(Math.max(0, output.length() - 4000));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How to start a server.
	 *
	 * @param jar the executable jar, or {@code null} to start from the test classpath
	 * @param dataDir the data folder
	 * @param log the file that collects the server's output, appended to on every start
	 * @param modelBaseUrl the fake model's base URL
	 * @param jvmOptions options for the server's JVM
	 * @param environment extra environment, for example {@code SPRING_DATASOURCE_URL}
	 * @param arguments command-line arguments, for example
	 * {@code --askdb.upload.orphan-grace=0s}
	 */
	public record Settings(@Nullable Path jar, Path dataDir, Path log, String modelBaseUrl, List<String> jvmOptions,
			Map<String, String> environment, List<String> arguments) {

		/**
		 * A server on an embedded SQLite store in the given data folder, from the test
		 * classpath, with its log beside the folder.
		 * @param dataDir the data folder
		 * @param modelBaseUrl the fake model's base URL
		 * @return the settings
		 */
		public static Settings sqlite(Path dataDir, String modelBaseUrl) {
			return new Settings(null, dataDir, dataDir.resolveSibling(dataDir.getFileName() + ".log"), modelBaseUrl,
					List.of("-Xmx512m"), Map.of(), List.of());
		}

		/**
		 * The same server on a PostgreSQL store.
		 * @param jdbcUrl the database's JDBC URL; user and password are {@code postgres}
		 * @return the settings
		 */
		public Settings postgres(String jdbcUrl) {
			Map<String, String> environment = new LinkedHashMap<>(this.environment);
			environment.put("SPRING_DATASOURCE_URL", jdbcUrl);
			environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
			environment.put("SPRING_DATASOURCE_PASSWORD", "postgres");
			return new Settings(this.jar, this.dataDir, this.log, this.modelBaseUrl, this.jvmOptions, environment,
					this.arguments);
		}

		public Settings fromJar(Path jar) {
			return new Settings(jar, this.dataDir, this.log, this.modelBaseUrl, this.jvmOptions, this.environment,
					this.arguments);
		}

		public Settings withJvmOptions(List<String> jvmOptions) {
			return new Settings(this.jar, this.dataDir, this.log, this.modelBaseUrl, jvmOptions, this.environment,
					this.arguments);
		}

		public Settings withArguments(List<String> arguments) {
			return new Settings(this.jar, this.dataDir, this.log, this.modelBaseUrl, this.jvmOptions, this.environment,
					arguments);
		}

	}

}
