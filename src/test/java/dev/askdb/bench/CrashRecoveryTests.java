package dev.askdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.InstantModel;
import dev.askdb.support.ServerProcess;
import dev.askdb.support.Multipart;
import dev.askdb.support.Uploads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the server with SIGKILL while clients post messages or upload files, restarts it
 * on the same data folder, and checks that nothing it acknowledged was lost and nothing
 * half-done was left behind.
 */
@Timeout(240)
class CrashRecoveryTests {

	static final Path CHINOOK = Uploads.sharedData().resolve("chinook/Chinook_Sqlite.sqlite");

	static final List<Path> UPLOADS = List.of(CHINOOK, Uploads.sharedData().resolve("sakila/sakila_2005_05-06.sqlite"),
			Uploads.sharedData().resolve("northwind/northwind.db"),
			Uploads.sharedData().resolve("spider/database/world_1.sqlite"));

	static final int CONVERSATIONS = 4;

	static final int POSTING_CLIENTS = 8;

	static final int UPLOADING_CLIENTS = 3;

	static final int CLIENTS = POSTING_CLIENTS + UPLOADING_CLIENTS;

	@TempDir
	static Path scratch;

	static InstantModel model;

	static ServerProcess restarted;

	static Api user;

	static final List<Long> conversations = new ArrayList<>();

	static final ConcurrentLinkedQueue<Exchange> acknowledgedMessages = new ConcurrentLinkedQueue<>();

	static final ConcurrentLinkedQueue<Long> acknowledgedUploads = new ConcurrentLinkedQueue<>();

	/**
	 * One crash for both checks, since every server start costs seconds: clients post
	 * messages into several conversations and upload files at once, the server is killed
	 * under them and started again on the same folder.
	 */
	@BeforeAll
	static void crashUnderLoadAndRestart() throws Exception {
		model = new InstantModel();
		ServerProcess server = ServerProcess
			.start(ServerProcess.Settings.sqlite(scratch.resolve("data"), model.baseUrl())
				.withJvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1")));
		user = userWithKey(server.api());
		long database = Uploads.upload(user, CHINOOK);
		for (int i = 0; i < CONVERSATIONS; i++) {
			conversations.add(user.post("/api/conversations", Map.of("databaseId", database))
				.expect(201)
				.json()
				.get("id")
				.asLong());
		}

		runUntilKilled(server, () -> acknowledgedMessages.size() >= 40 && acknowledgedUploads.size() >= 6,
				(client, n) -> {
					if (client < POSTING_CLIENTS) {
						postMessage(client, n);
					}
					else {
						upload(client, n);
					}
				});

		restarted = server.restart("--askdb.upload.orphan-grace=0s");
		user = restarted.api().withToken(user.token());
	}

	@AfterAll
	static void stop() {
		if (restarted != null) {
			restarted.stop();
		}
		if (model != null) {
			model.close();
		}
	}

	private static void postMessage(int client, int n) {
		long conversation = conversations.get(client % CONVERSATIONS);
		String question = "client " + client + " question " + n;
		Response posted = user.post(messages(conversation), Map.of("content", question));
		if (posted.status() == 201) {
			JsonNode body = posted.json();
			acknowledgedMessages.add(new Exchange(conversation, question, body.get("userMessage").get("index").asInt(),
					body.get("reply").get("index").asInt()));
		}
	}

	private static void upload(int client, int n) {
		Path file = UPLOADS.get((client + n) % UPLOADS.size());
		Multipart body = new Multipart().file("file", file.getFileName().toString(), file);
		Response uploaded = user.send("POST", "/api/databases", body.body(), body.contentType());
		if (uploaded.status() == 201) {
			acknowledgedUploads.add(uploaded.json().get("id").asLong());
		}
	}

	@Test
	void keepsEveryAcknowledgedMessageWithDenseIndexes() {
		assertThat(acknowledgedMessages).hasSizeGreaterThanOrEqualTo(40);
		for (long conversation : conversations) {
			List<JsonNode> stored = allMessages(user, conversation);

			assertThat(stored).extracting((message) -> message.get("index").asInt())
				.as("indexes of conversation %d", conversation)
				.containsExactlyElementsOf(Stream.iterate(0, (i) -> i + 1).limit(stored.size()).toList());
			assertThat(user.get("/api/conversations/" + conversation).json().get("messageCount").asInt())
				.isEqualTo(stored.size());
			for (Exchange exchange : acknowledgedMessages) {
				if (exchange.conversation() == conversation) {
					assertThat(stored.get(exchange.questionIndex()).get("content").asString())
						.isEqualTo(exchange.question());
					assertThat(stored.get(exchange.replyIndex()).get("role").asString()).isEqualTo("assistant");
				}
			}
		}
	}

	@Test
	void keepsEveryAcknowledgedUploadQueryable() {
		Set<Long> listed = new HashSet<>();

		user.get("/api/databases?size=100")
			.expect(200)
			.json()
			.get("items")
			.forEach((item) -> listed.add(item.get("id").asLong()));

		assertThat(acknowledgedUploads).hasSizeGreaterThanOrEqualTo(6);
		assertThat(listed).containsAll(acknowledgedUploads);
		for (long database : acknowledgedUploads) {
			Response counted = user.post("/api/databases/" + database + "/query",
					Map.of("sql", "SELECT count(*) FROM sqlite_schema"));
			assertThat(counted.status()).as(counted.body()).isEqualTo(200);
		}
	}

	@Test
	void leavesNoPartialOrOrphanedFile() throws Exception {
		List<String> files = storedFiles();
		List<String> rows = fileNamesInStore();

		assertThat(files).noneMatch((name) -> name.startsWith(".partial-"));
		assertThat(files).containsExactlyInAnyOrderElementsOf(rows);
		assertThat(rows).hasSize(user.get("/api/databases?size=100").json().get("total").asInt());
	}

	/**
	 * Runs clients until a condition holds (or 20 seconds pass), kills the server under
	 * them, and waits for them to notice.
	 */
	private static void runUntilKilled(ServerProcess server, BooleanSupplier enough, ClientStep step)
			throws InterruptedException {
		AtomicBoolean killed = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		for (int i = 0; i < CLIENTS; i++) {
			int client = i;
			pool.submit(() -> {
				for (int n = 0; !killed.get() && n < 10_000; n++) {
					try {
						step.run(client, n);
					}
					catch (RuntimeException ex) {
						// the server went away mid-request; that is the point
					}
				}
			});
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!enough.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		server.kill();
		killed.set(true);

		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	private static Api userWithKey(Api anonymous) {
		Api user = anonymous.newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", "sk-test-crash")).expect(204);
		return user;
	}

	private static String messages(long conversation) {
		return "/api/conversations/" + conversation + "/messages";
	}

	private static List<JsonNode> allMessages(Api api, long conversation) {
		List<JsonNode> all = new ArrayList<>();
		String query = "?limit=200";
		for (int page = 0; page < 100; page++) {
			JsonNode body = api.get(messages(conversation) + query).expect(200).json();
			body.get("items").forEach(all::add);
			if (body.get("nextAfter") == null || body.get("nextAfter").isNull()) {
				return all;
			}
			query = "?limit=200&after=" + body.get("nextAfter").asInt();
		}
		throw new AssertionError("More pages than expected");
	}

	private static List<String> storedFiles() throws Exception {
		try (Stream<Path> files = Files.list(scratch.resolve("data/uploads"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> !name.endsWith("-wal") && !name.endsWith("-shm") && !name.endsWith("-journal"))
				.toList();
		}
	}

	private static List<String> fileNamesInStore() throws SQLException {
		String url = "jdbc:sqlite:" + scratch.resolve("data/askdb.db");
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT file_name FROM databases")) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			return names;
		}
	}

	@FunctionalInterface
	interface ClientStep {

		void run(int client, int iteration);

	}

	/**
	 * A question the server acknowledged with 201 and where it said it stored both
	 * halves.
	 */
	record Exchange(long conversation, String question, int questionIndex, int replyIndex) {
	}

}
