package dev.askdb.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: a fixed pool of clients, each sending its next request as soon
 * as the previous one is answered, for a bounded time and a bounded count, recording
 * every latency and status.
 */
public final class ClosedLoopLoad {

	private static final int MAX_REQUESTS_PER_CLIENT = 2_000_000;

	private ClosedLoopLoad() {
	}

	/**
	 * Runs the load.
	 * @param clients how many clients send at once
	 * @param duration how long they send
	 * @param requests the next request of a client, from its number and its iteration
	 * @return what was measured
	 */
	public static Result run(int clients, Duration duration, RequestFactory requests) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		List<Future<long[]>> workers = new ArrayList<>();
		for (int client = 0; client < clients; client++) {
			int number = client;
			workers.add(pool.submit(() -> drive(http, number, deadline, requests, statuses)));
		}
		List<long[]> latencies = new ArrayList<>();
		try {
			for (Future<long[]> worker : workers) {
				latencies.add(worker.get(duration.toSeconds() + 120, TimeUnit.SECONDS));
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("A load client failed", ex);
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		Map<Integer, Long> counted = new TreeMap<>();
		statuses.forEach((status, count) -> counted.put(status, count.get()));
		return new Result(clients, seconds, all, counted);
	}

	private static long[] drive(HttpClient http, int client, long deadline, RequestFactory requests,
			Map<Integer, AtomicLong> statuses) {
		long[] latencies = new long[1024];
		int count = 0;
		while (System.nanoTime() < deadline && count < MAX_REQUESTS_PER_CLIENT) {
			HttpRequest request = requests.next(client, count).timeout(Duration.ofSeconds(60)).build();
			long sent = System.nanoTime();
			int status;
			try {
				HttpResponse<Void> response = http.send(request, BodyHandlers.discarding());
				status = response.statusCode();
			}
			catch (IOException ex) {
				status = -1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (count == latencies.length) {
				latencies = Arrays.copyOf(latencies, count * 2);
			}
			latencies[count++] = System.nanoTime() - sent;
			statuses.computeIfAbsent(status, (key) -> new AtomicLong()).incrementAndGet();
		}
		return Arrays.copyOf(latencies, count);
	}

	/**
	 * A request builder for a given base URL, path and bearer token.
	 * @param base the server's base URL
	 * @param path the path
	 * @param token the bearer token, or {@code null}
	 * @return the builder
	 */
	public static HttpRequest.Builder request(String base, String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	/**
	 * Builds a client's next request.
	 */
	@FunctionalInterface
	public interface RequestFactory {

		HttpRequest.Builder next(int client, int iteration);

	}

	/**
	 * What one load run measured.
	 *
	 * @param clients the clients that sent at once
	 * @param seconds the run's length
	 * @param latencies every request's latency in nanoseconds, sorted
	 * @param statuses how many answers had each status; -1 counts failed connections
	 */
	public record Result(int clients, double seconds, long[] latencies, Map<Integer, Long> statuses) {

		public long requests() {
			return this.latencies.length;
		}

		public double throughput() {
			return this.latencies.length / this.seconds;
		}

		public double percentileMs(double percentile) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(percentile / 100 * this.latencies.length) - 1;
			return this.latencies[Math.max(0, Math.min(rank, this.latencies.length - 1))] / 1e6;
		}

		public long count(int status) {
			return this.statuses.getOrDefault(status, 0L);
		}

		public long serverErrors() {
			return this.statuses.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() >= 500 || entry.getKey() < 0)
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

	}

}
