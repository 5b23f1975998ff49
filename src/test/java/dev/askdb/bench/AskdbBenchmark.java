package dev.askdb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.ClosedLoopLoad;
import dev.askdb.support.ClosedLoopLoad.RequestFactory;
import dev.askdb.support.ClosedLoopLoad.Result;
import dev.askdb.support.EmbeddedPostgresServer;
import dev.askdb.support.InstantModel;
import dev.askdb.support.ServerProcess;
import dev.askdb.support.Uploads;

/**
 * askdb's benchmark: starts the server jar on a scratch data folder with a model that
 * answers at once, measures the API against floors measured in the same run (the health
 * endpoint, raw JDBC on the same store, sqlite-jdbc on the same files), on SQLite and on
 * PostgreSQL, and writes a markdown report.
 *
 * <p>
 * Not part of the suite (the suite runs {@code *Tests} only): {@code bench/run.sh} runs
 * it. System properties: {@code askdb.bench.jar}, {@code askdb.bench.out},
 * {@code askdb.bench.seconds} (per measurement, 5), {@code askdb.bench.repetitions} (3),
 * {@code askdb.bench.load-seconds} (60), {@code askdb.bench.stores} (sqlite,postgres),
 * {@code askdb.bench.jvm-options} (-Xmx512m).
 */
class AskdbBenchmark {

	static final int[] CLIENTS = { 1, 8, 32 };

	static final int MAX_ROWS = 1000;

	static final JsonMapper json = JsonMapper.builder().build();

	final Duration measurement = Duration.ofSeconds(Long.getLong("askdb.bench.seconds", 5));

	final int repetitions = Integer.getInteger("askdb.bench.repetitions", 3);

	final Duration sustained = Duration.ofSeconds(Long.getLong("askdb.bench.load-seconds", 60));

	final List<String> stores = List.of(System.getProperty("askdb.bench.stores", "sqlite,postgres").split(","));

	final List<String> jvmOptions = List.of(System.getProperty("askdb.bench.jvm-options", "-Xmx512m").split(" "));

	final Path jar = Path.of(System.getProperty("askdb.bench.jar", "target/askdb-0.1.0-SNAPSHOT.jar"));

	final Path out = Path.of(System.getProperty("askdb.bench.out", "bench/out"));

	final StringBuilder report = new StringBuilder();

	@Test
	void measure() throws Exception {
		Files.createDirectories(this.out);
		long started = System.nanoTime();
		line("# askdb benchmark");
		line("");
		line("Run %s on %d cores, load average at start %s, Java %s; server %s with %s; %d x %d s per figure (median), sustained load %d s.",
				Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage(),
				System.getProperty("java.version"), Files.exists(this.jar) ? this.jar.getFileName() : "test classpath",
				String.join(" ", this.jvmOptions), this.repetitions, this.measurement.toSeconds(),
				this.sustained.toSeconds());
		Map<String, Map<String, String>> summary = new LinkedHashMap<>();
		for (String store : this.stores) {
			summary.put(store, measureStore(store.strip()));
		}
		summarize(summary);
		line("");
		line("Whole run: %.0f s; load average at end %s.", (System.nanoTime() - started) / 1e9, loadAverage());
		Path report = this.out.resolve("report.md");
		Files.writeString(report, this.report);
		System.out.println(this.report);
		System.out.println("Report written to " + report.toAbsolutePath());
	}

	private Map<String, String> measureStore(String store) throws Exception {
		Map<String, String> summary = new LinkedHashMap<>();
		Path work = Files.createDirectories(this.out.resolve("work")).toAbsolutePath();
		Path scratch = Files.createTempDirectory(work, store + "-");
		try (InstantModel model = new InstantModel()) {
			ServerProcess.Settings settings = ServerProcess.Settings.sqlite(scratch.resolve("data"), model.baseUrl())
				.withJvmOptions(this.jvmOptions)
				.withArguments(List.of("--management.endpoints.web.exposure.include=health,metrics"));
			if (Files.exists(this.jar)) {
				settings = settings.fromJar(this.jar.toAbsolutePath());
			}
			if (store.equals("postgres")) {
				settings = settings.postgres(EmbeddedPostgresServer.newDatabase());
			}
			long starting = System.nanoTime();
			try (ServerProcess server = ServerProcess.start(settings)) {
				double startup = (System.nanoTime() - starting) / 1e9;
				line("");
				line("## %s", store.equals("sqlite") ? "SQLite store" : "PostgreSQL store");
				line("");
				line("Server started (to health UP) in %.1f s, pid %d.", startup, server.pid());
				Workload workload = Workload.prepare(server.api(), CLIENTS[CLIENTS.length - 1]);
				ClosedLoopLoad.run(32, Duration.ofSeconds(5), workload.mixed());
				sleep(2000);
				long idleRss = server.residentBytes();
				long idleThreads = server.threads();

				endpoints(workload, summary);
				postingFloor(store, scratch, workload, summary);
				sustainedLoad(server, workload, idleRss, idleThreads, summary);
				uploads(workload, scratch, summary);
				spider(workload, summary);
				line("");
				line("Server output: %d lines, %d WARN, %d ERROR.", server.output().lines().count(),
						server.output().lines().filter((l) -> l.contains(" WARN ")).count(),
						server.output().lines().filter((l) -> l.contains(" ERROR ")).count());
			}
		}
		return summary;
	}

	private void endpoints(Workload workload, Map<String, String> summary) {
		Map<String, RequestFactory> endpoints = new LinkedHashMap<>();
		endpoints.put("health (floor)", workload.health());
		endpoints.put("list messages (page of 50)", workload.listMessages());
		endpoints.put("list conversations", workload.listConversations());
		endpoints.put("post message", workload.postMessage());
		line("");
		line("### Endpoints against the health endpoint");
		line("");
		line("Closed loop, each client sends its next request when the last is answered. Ratio: throughput over the health endpoint's at the same concurrency.");
		line("");
		line("| endpoint | clients | req/s | p50 ms | p99 ms | ratio to health | non-2xx |");
		line("|---|---:|---:|---:|---:|---:|---:|");
		for (int clients : CLIENTS) {
			Map<String, List<Result>> runs = new LinkedHashMap<>();
			for (int rep = 0; rep < this.repetitions; rep++) {
				endpoints.forEach((name, requests) -> runs.computeIfAbsent(name, (key) -> new ArrayList<>())
					.add(ClosedLoopLoad.run(clients, this.measurement, requests)));
			}
			double floor = median(runs.get("health (floor)"), Result::throughput);
			runs.forEach((name, results) -> {
				double throughput = median(results, Result::throughput);
				long failures = results.stream().mapToLong((r) -> r.requests() - r.count(200) - r.count(201)).sum();
				line("| %s | %d | %.0f | %.1f | %.1f | %.2f | %d |", name, clients, throughput,
						median(results, (r) -> r.percentileMs(50)), median(results, (r) -> r.percentileMs(99)),
						throughput / floor, failures);
				if (clients == 32 && name.startsWith("list messages")) {
					summary.put("list messages @32: req/s (ratio to health; target >= 0.5)",
							String.format("%.0f (%.2f)", throughput, throughput / floor));
				}
				if (clients == 32 && name.startsWith("health")) {
					summary.put("health @32: req/s", String.format("%.0f", throughput));
				}
				if (name.startsWith("post")) {
					summary.put("post message @" + clients + ": req/s, p99 ms",
							String.format("%.0f, %.0f", throughput, median(results, (r) -> r.percentileMs(99))));
				}
			});
		}
	}

	private void postingFloor(String store, Path scratch, Workload workload, Map<String, String> summary) {
		StoreFloor floor = store.equals("postgres") ? StoreFloor.postgres(EmbeddedPostgresServer.newDatabase())
				: StoreFloor.sqlite(scratch.resolve("floor.db"));
		line("");
		line("### Posting a message against raw JDBC on the same store");
		line("");
		line("The floor does one post's writes (two transactions: count the message in, insert it; the reply also adds tokens) with one connection per client, in the server's durability mode (%s).",
				store.equals("postgres") ? "PostgreSQL defaults, synchronous commit"
						: "WAL, synchronous=FULL, BEGIN IMMEDIATE");
		line("");
		line("| clients | API posts/s | raw JDBC posts/s | ratio |");
		line("|---:|---:|---:|---:|");
		for (int clients : CLIENTS) {
			List<Double> api = new ArrayList<>();
			List<Double> jdbc = new ArrayList<>();
			for (int rep = 0; rep < this.repetitions; rep++) {
				api.add(ClosedLoopLoad.run(clients, this.measurement, workload.postMessage()).throughput());
				jdbc.add(floor.postsPerSecond(clients, this.measurement));
			}
			double apiMedian = median(api);
			double jdbcMedian = median(jdbc);
			line("| %d | %.0f | %.0f | %.2f |", clients, apiMedian, jdbcMedian, apiMedian / jdbcMedian);
			summary.put("post @" + clients + " vs raw JDBC: posts/s (ratio)",
					String.format("%.0f vs %.0f (%.2f)", apiMedian, jdbcMedian, apiMedian / jdbcMedian));
		}
	}

	private void sustainedLoad(ServerProcess server, Workload workload, long idleRss, long idleThreads,
			Map<String, String> summary) throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong peakRss = new AtomicLong();
		AtomicLong peakThreads = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (running.get()) {
				peakRss.accumulateAndGet(server.residentBytes(), Math::max);
				peakThreads.accumulateAndGet(server.threads(), Math::max);
				sleep(250);
			}
		});
		sampler.start();
		Result load = ClosedLoopLoad.run(32, this.sustained, workload.mixed());
		running.set(false);
		sampler.join();
		sleep(3000);
		String output = server.output();
		boolean locked = output.toLowerCase().contains("database is locked") || output.contains("SQLITE_BUSY");
		line("");
		line("### Sustained load and memory");
		line("");
		line("32 clients for %d s, a browser's mix (one post for two lists).", this.sustained.toSeconds());
		line("");
		line("| figure | value |");
		line("|---|---:|");
		line("| requests, req/s | %d, %.0f |", load.requests(), load.throughput());
		line("| p50 / p99 ms | %.1f / %.1f |", load.percentileMs(50), load.percentileMs(99));
		line("| statuses | %s |", load.statuses());
		line("| 5xx or failed connections | %d |", load.serverErrors());
		line("| \"database is locked\" in server output | %s |", locked ? "yes" : "no");
		line("| RSS idle (after warm-up) | %.0f MiB |", idleRss / 1048576.0);
		line("| RSS peak under 32 clients | %.0f MiB |", peakRss.get() / 1048576.0);
		line("| RSS after load | %.0f MiB |", server.residentBytes() / 1048576.0);
		line("| threads idle / peak / after | %d / %d / %d |", idleThreads, peakThreads.get(), server.threads());
		line("| store connections lent out after load | %d |", workload.activeStoreConnections());
		summary.put("sustained 32 clients: req/s, 5xx, locked",
				String.format("%.0f, %d, %s", load.throughput(), load.serverErrors(), locked ? "yes" : "no"));
		summary.put("RSS idle / peak under 32 clients (MiB)",
				String.format("%.0f / %.0f", idleRss / 1048576.0, peakRss.get() / 1048576.0));
	}

	private void uploads(Workload workload, Path scratch, Map<String, String> summary) {
		Path generated = scratch.resolve("tables_1500.sqlite");
		if (!Files.exists(generated)) {
			DirectSqlite.generate(generated, 1500);
		}
		List<Path> files = new ArrayList<>(biggestSharedFiles(3));
		files.add(generated);
		line("");
		line("### Upload and introspection against sqlite-jdbc direct");
		line("");
		line("Upload: the POST answering 201 (store, check, read the schema, profile, record). Direct: the same copy with SHA-256, quick_check, schema reads, row counts and sample rows through sqlite-jdbc in the benchmark's JVM. Schema: GET of the schema afterwards.");
		line("");
		line("| file | size | upload ms | direct ms | ratio | GET schema ms |");
		line("|---|---:|---:|---:|---:|---:|");
		Api user = workload.user();
		for (Path file : files) {
			List<Double> upload = new ArrayList<>();
			List<Double> direct = new ArrayList<>();
			List<Double> schema = new ArrayList<>();
			for (int rep = 0; rep < this.repetitions; rep++) {
				long started = System.nanoTime();
				long id = Uploads.upload(user, file);
				upload.add((System.nanoTime() - started) / 1e6);
				started = System.nanoTime();
				user.get("/api/databases/" + id + "/schema").expect(200);
				schema.add((System.nanoTime() - started) / 1e6);
				direct.add(DirectSqlite.uploadAndIntrospect(file, scratch));
			}
			double ratio = median(upload) / median(direct);
			line("| %s | %.1f MiB | %.0f | %.0f | %.1f | %.0f |", file.getFileName(), size(file) / 1048576.0,
					median(upload), median(direct), ratio, median(schema));
			summary.put("upload " + file.getFileName() + ": ms (ratio to direct)",
					String.format("%.0f (%.1f)", median(upload), ratio));
		}
	}

	private void spider(Workload workload, Map<String, String> summary) throws Exception {
		Path folder = Uploads.sharedData().resolve("spider");
		JsonNode gold = json.readTree(folder.resolve("dev_questions_gold.json").toFile());
		Api user = workload.user();
		Map<String, Long> databases = new HashMap<>();
		Map<String, Path> files = new HashMap<>();
		for (JsonNode question : gold) {
			String db = question.get("db_id").asString();
			if (!databases.containsKey(db)) {
				Path file = folder.resolve("database").resolve(db + ".sqlite");
				files.put(db, file);
				databases.put(db, Uploads.upload(user, file));
			}
		}
		List<Double> apiSeconds = new ArrayList<>();
		List<Double> directSeconds = new ArrayList<>();
		List<Double> openSeconds = new ArrayList<>();
		List<double[]> apiLatencies = new ArrayList<>();
		long failures = 0;
		for (int rep = 0; rep < this.repetitions; rep++) {
			double[] latencies = new double[gold.size()];
			long started = System.nanoTime();
			for (int i = 0; i < gold.size(); i++) {
				JsonNode question = gold.get(i);
				long sent = System.nanoTime();
				Response answer = user.send("POST",
						"/api/databases/" + databases.get(question.get("db_id").asString()) + "/query",
						BodyPublishers.ofString(json
							.writeValueAsString(Map.of("sql", question.get("query").asString(), "maxRows", MAX_ROWS))),
						"application/json");
				latencies[i] = (System.nanoTime() - sent) / 1e6;
				if (answer.status() != 200) {
					failures++;
				}
			}
			apiSeconds.add((System.nanoTime() - started) / 1e9);
			Arrays.sort(latencies);
			apiLatencies.add(latencies);
			started = System.nanoTime();
			for (JsonNode question : gold) {
				DirectSqlite.query(files.get(question.get("db_id").asString()), question.get("query").asString(),
						MAX_ROWS);
			}
			directSeconds.add((System.nanoTime() - started) / 1e9);
			started = System.nanoTime();
			Map<String, Connection> open = new HashMap<>();
			try {
				for (JsonNode question : gold) {
					String db = question.get("db_id").asString();
					Connection connection = open.computeIfAbsent(db, (key) -> openQuietly(files.get(key)));
					DirectSqlite.query(connection, question.get("query").asString(), MAX_ROWS);
				}
			}
			finally {
				for (Connection connection : open.values()) {
					connection.close();
				}
			}
			openSeconds.add((System.nanoTime() - started) / 1e9);
		}
		int n = gold.size();
		double api = median(apiSeconds);
		double direct = median(directSeconds);
		double kept = median(openSeconds);
		line("");
		line("### Read-only query endpoint on the Spider gold queries");
		line("");
		line("%d gold queries over %d databases, one client, at most %d rows each; %d answers were not 200 over all repetitions.",
				n, databases.size(), MAX_ROWS, failures);
		line("");
		line("| path | total s | per query ms | ratio to direct |");
		line("|---|---:|---:|---:|");
		line("| API `POST /api/databases/{id}/query` | %.2f | %.2f (p50 %.2f, p99 %.2f) | %.1f |", api, api * 1000 / n,
				median(apiLatencies, (l) -> l[l.length / 2]),
				median(apiLatencies, (l) -> l[(int) Math.ceil(0.99 * l.length) - 1]), api / direct);
		line("| sqlite-jdbc, a read-only connection opened per query | %.2f | %.2f | 1.0 |", direct, direct * 1000 / n);
		line("| sqlite-jdbc, one connection per database kept open | %.2f | %.2f | %.1f |", kept, kept * 1000 / n,
				kept / direct);
		summary.put("Spider gold queries: API ms/query vs direct (ratio)",
				String.format("%.2f vs %.2f (%.1f)", api * 1000 / n, direct * 1000 / n, api / direct));
	}

	private void summarize(Map<String, Map<String, String>> summary) {
		List<String> stores = new ArrayList<>(summary.keySet());
		List<String> figures = summary.values().stream().flatMap((m) -> m.keySet().stream()).distinct().toList();
		StringBuilder table = new StringBuilder();
		table.append("\n## Summary\n\n| figure | ").append(String.join(" | ", stores)).append(" |\n|---|");
		stores.forEach((store) -> table.append("---:|"));
		table.append('\n');
		for (String figure : figures) {
			table.append("| ").append(figure).append(" | ");
			for (String store : stores) {
				table.append(summary.get(store).getOrDefault(figure, "")).append(" | ");
			}
			table.append('\n');
		}
		int afterTitle = this.report.indexOf("\n## ");
		this.report.insert((afterTitle < 0) ? this.report.length() : afterTitle, table);
	}

	private static List<Path> biggestSharedFiles(int count) {
		try (Stream<Path> files = Files.walk(Uploads.sharedData())) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> file.toString().matches(".*\\.(sqlite|db|gpkg)$"))
				.filter((file) -> !file.toString().contains("edge_cases"))
				.sorted((a, b) -> Long.compare(size(b), size(a)))
				.limit(count)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Connection openQuietly(Path file) {
		try {
			return DirectSqlite.open(file);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
		return median(values.stream().map((value) -> figure.applyAsDouble(value)).toList());
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private void line(String format, Object... arguments) {
		this.report.append(String.format(format, arguments)).append('\n');
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
