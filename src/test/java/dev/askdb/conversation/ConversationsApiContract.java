package dev.askdb.conversation;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.FakeOpenAi;
import dev.askdb.support.OpenAiWire;
import dev.askdb.support.Uploads;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Conversations and messages section of the REST contract, over HTTP against a full
 * server whose language model is a local fake speaking OpenAI's wire format; run once per
 * metadata store by its subclasses.
 */
abstract class ConversationsApiContract {

	static final Path CHINOOK = Uploads.sharedData().resolve("chinook/Chinook_Sqlite.sqlite");

	static final JsonMapper json = JsonMapper.builder().build();

	static final HttpClient streamingClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Value("${askdb.data-dir}")
	Path dataFolder;

	final FakeOpenAi model = FakeOpenAi.shared();

	Api api;

	@BeforeEach
	void reset() {
		this.model.reset();
		this.api = new Api(this.port);
	}

	@Test
	void answersWithTheFigureFromTheQueryItRan() {
		String key = "sk-test-" + UUID.randomUUID();
		Api user = userWithKey(key);
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.dispatch(new ComputingModel("SELECT COUNT(*) FROM Track", "Chinook holds %s tracks."));

		Response posted = user.post(messages(conversation), Map.of("content", "How many tracks are there?"));

		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		JsonNode reply = posted.json().get("reply");
		assertThat(reply.get("content").asString()).contains("3503");
		assertThat(reply.get("role").asString()).isEqualTo("assistant");
		assertThat(reply.get("index").asInt()).isEqualTo(1);
		assertThat(posted.json().get("userMessage").get("index").asInt()).isZero();
		JsonNode query = reply.get("queries").get(0);
		assertThat(query.get("sql").asString()).isEqualTo("SELECT COUNT(*) FROM Track");
		assertThat(query.get("rows").get(0).get(0).asLong()).isEqualTo(3503);
		RecordedRequest first = this.model.takeRequest();
		assertThat(first.getHeader("Authorization")).isEqualTo("Bearer " + key);
		String prompt = first.getBody().readUtf8();
		assertThat(prompt).contains("InvoiceLine", "Track", "How many tracks are there?", "run_sql");
	}

	@Test
	void keepsTheQuestionWheneverTheModelCannotAnswer() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		List<Integer> statuses = new ArrayList<>();

		this.model.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":{\"message\":\"bad key\"}}"));
		Response refused = user.post(messages(conversation), Map.of("content", "question 0"));
		this.model.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7").setBody("{}"));
		Response limited = user.post(messages(conversation), Map.of("content", "question 1"));
		this.model.enqueue(new MockResponse().setResponseCode(500).setBody("{}"));
		statuses.add(user.post(messages(conversation), Map.of("content", "question 2")).status());
		this.model.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("<html>no</html>"));
		statuses.add(user.post(messages(conversation), Map.of("content", "question 3")).status());
		this.model.enqueue(new MockResponse().setHeadersDelay(4, TimeUnit.SECONDS).setBody("{}"));
		statuses.add(user.post(messages(conversation), Map.of("content", "question 4")).status());
		user.delete("/api/users/me/api-key").expect(204);
		Response noKey = user.post(messages(conversation), Map.of("content", "question 5"));

		assertThat(refused.status()).isEqualTo(424);
		assertThat(refused.body()).doesNotContain("bad key");
		assertThat(refused.json().get("userMessage").get("content").asString()).isEqualTo("question 0");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isEqualTo("7");
		assertThat(statuses).containsExactly(502, 502, 504);
		assertThat(noKey.status()).isEqualTo(409);
		assertThat(noKey.json().get("userMessage").get("index").asInt()).isEqualTo(5);
		JsonNode stored = user.get(messages(conversation)).expect(200).json().get("items");
		assertThat(stored).hasSize(6);
		for (int i = 0; i < 6; i++) {
			assertThat(stored.get(i).get("index").asInt()).isEqualTo(i);
			assertThat(stored.get(i).get("content").asString()).isEqualTo("question " + i);
		}
	}

	@Test
	void streamsDeltasQueriesAndTheStoredReply() throws Exception {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.dispatch(new ComputingModel("SELECT COUNT(*) FROM Artist", "There are %s artists."));

		List<Event> events = stream(user, conversation, "How many artists?");

		assertThat(events.get(0).name()).isEqualTo("user");
		assertThat(events.get(events.size() - 1).name()).isEqualTo("reply");
		assertThat(events).extracting(Event::name).contains("query", "delta");
		Event query = events.stream().filter((event) -> event.name().equals("query")).findFirst().orElseThrow();
		assertThat(query.data().get("rows").get(0).get(0).asLong()).isEqualTo(275);
		String streamed = events.stream()
			.filter((event) -> event.name().equals("delta"))
			.map((event) -> event.data().get("content").asString())
			.reduce("", String::concat);
		JsonNode reply = events.get(events.size() - 1).data();
		assertThat(reply.get("content").asString()).isEqualTo(streamed).contains("275");
		JsonNode stored = user.get(messages(conversation)).json().get("items");
		assertThat(stored.get(1).get("content").asString()).isEqualTo(streamed);
	}

	@Test
	void streamsAnErrorEventAndKeepsTheQuestion() throws Exception {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.enqueue(new MockResponse().setResponseCode(401).setBody("{}"));

		List<Event> events = stream(user, conversation, "Anything?");

		assertThat(events).extracting(Event::name).containsExactly("user", "error");
		assertThat(events.get(1).data().get("status").asInt()).isEqualTo(424);
		assertThat(events.get(1).data().get("userMessage").get("content").asString()).isEqualTo("Anything?");
	}

	@Test
	void storesTheReplyWhenTheClientLeavesMidStream() throws Exception {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.enqueue(OpenAiWire.streamedAnswer("slow ", "answer").setBodyDelay(1500, TimeUnit.MILLISECONDS));

		try (InputStream body = openStream(user, conversation, "Will you remember?")) {
			BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
			assertThat(reader.readLine()).isEqualTo("event:user");
		}

		JsonNode stored = awaitMessages(user, conversation, 2);
		assertThat(stored.get(1).get("content").asString()).isEqualTo("slow answer");
	}

	@Test
	void keepsIndexesDenseUnderParallelPosts() throws Exception {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.dispatch(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiWire.answer("ok");
			}
		});

		ExecutorService pool = Executors.newFixedThreadPool(20);
		List<Future<Integer>> posts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int n = i;
			posts
				.add(pool.submit(() -> user.post(messages(conversation), Map.of("content", "parallel " + n)).status()));
		}
		for (Future<Integer> post : posts) {
			assertThat(post.get()).isEqualTo(201);
		}
		pool.shutdown();

		JsonNode stored = user.get(messages(conversation) + "?limit=200").json().get("items");
		assertThat(stored).hasSize(40);
		for (int i = 0; i < 40; i++) {
			assertThat(stored.get(i).get("index").asInt()).isEqualTo(i);
		}
		assertThat(user.get("/api/conversations/" + conversation).json().get("messageCount").asInt()).isEqualTo(40);
	}

	@Test
	void handsRefusalsBackToTheModelAndLeavesTheFileUnchanged() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long database = Uploads.upload(user, CHINOOK);
		long conversation = conversation(user, database);
		Path file = storedFile(database);
		String before = Uploads.sha256(file);

		for (String sql : List.of("DELETE FROM Track", "DROP TABLE Track", "ATTACH DATABASE 'x.db' AS x",
				"backup to " + this.dataFolder.resolve("stolen.db"), "UPDATE Track SET Name = 'x'")) {
			this.model.reset();
			this.model.dispatch(new ComputingModel(sql, "Result: %s"));

			JsonNode reply = user.post(messages(conversation), Map.of("content", "Please run " + sql))
				.expect(201)
				.json()
				.get("reply");

			assertThat(reply.get("queries").get(0).get("error").asString()).as(sql).isNotBlank();
			this.model.takeRequest();
			assertThat(this.model.takeRequest().getBody().readUtf8()).as(sql).contains("error: ");
		}
		assertThat(Uploads.sha256(file)).isEqualTo(before);
		assertThat(this.dataFolder.resolve("stolen.db")).doesNotExist();
		assertThat(file.resolveSibling(file.getFileName() + "-wal")).doesNotExist();
	}

	@Test
	void stopsAModelThatNeverStopsCallingTools() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		List<String> toolChoices = new ArrayList<>();
		this.model.dispatch(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				JsonNode body = json.readTree(request.getBody().clone().readUtf8());
				String choice = body.path("tool_choice").asString("");
				toolChoices.add(choice);
				return "none".equals(choice) ? OpenAiWire.answer("Giving up.") : OpenAiWire.toolCalls("SELECT 1");
			}
		});

		JsonNode reply = user.post(messages(conversation), Map.of("content", "Loop forever"))
			.expect(201)
			.json()
			.get("reply");

		assertThat(toolChoices).hasSize(6).endsWith("none");
		assertThat(reply.get("queries")).hasSize(5);
		assertThat(reply.get("content").asString()).isEqualTo("Giving up.");
	}

	@Test
	void storesTokenUsagePerMessageAndSumsItPerConversation() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.dispatch(new ComputingModel("SELECT 42", "%s"));

		JsonNode first = user.post(messages(conversation), Map.of("content", "one")).expect(201).json();
		JsonNode second = user.post(messages(conversation), Map.of("content", "two")).expect(201).json();

		assertThat(first.get("reply").get("promptTokens").asInt()).isEqualTo(200);
		assertThat(second.get("reply").get("completionTokens").asInt()).isEqualTo(20);
		JsonNode summed = user.get("/api/conversations/" + conversation).json();
		assertThat(summed.get("promptTokens").asLong()).isEqualTo(400);
		assertThat(summed.get("completionTokens").asLong()).isEqualTo(40);
	}

	@Test
	void sendsEarlierTurnsAsHistory() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		this.model.enqueue(OpenAiWire.answer("The first answer mentions zebras."));
		user.post(messages(conversation), Map.of("content", "First question about giraffes")).expect(201);
		this.model.takeRequest();
		this.model.enqueue(OpenAiWire.answer("Second answer."));

		user.post(messages(conversation), Map.of("content", "Second question")).expect(201);

		String prompt = this.model.takeRequest().getBody().readUtf8();
		assertThat(prompt).contains("First question about giraffes", "zebras", "Second question");
		assertThat(prompt.indexOf("giraffes")).isLessThan(prompt.indexOf("Second question"));
	}

	@Test
	void recallsAnEarlierMessageByMeaningOnceItLeftTheRecentTurns() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(user, Uploads.upload(user, CHINOOK));
		List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
		String filler = "Sales by genre look steady across the quarters, with rock ahead and jazz behind. ".repeat(60);
		this.model.dispatch(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				prompts.add(request.getBody().clone().readUtf8());
				return OpenAiWire.answer(filler);
			}
		});
		user.post(messages(conversation), Map.of("content", "Note for later: our main warehouse is in Lisbon."))
			.expect(201);
		for (int i = 0; i < 14; i++) {
			user.post(messages(conversation), Map.of("content", "How did genre " + i + " sell?")).expect(201);
		}

		JsonNode reply = user.post(messages(conversation), Map.of("content", "Where is our Portuguese depot?"))
			.expect(201)
			.json()
			.get("reply");

		String lastPrompt = prompts.get(prompts.size() - 1);
		assertThat(lastPrompt).contains("our main warehouse is in Lisbon", "Earlier messages of this conversation");
		assertThat(prompts.get(prompts.size() - 2)).doesNotContain("Lisbon");
		assertThat(reply.get("recalled").valueStream().map(JsonNode::asInt)).contains(0);
	}

	@Test
	void managesConversationsAndPagesMessages() {
		Api user = userWithKey("sk-test-" + UUID.randomUUID());
		long database = Uploads.upload(user, CHINOOK);
		long older = conversation(user, database);
		long newer = conversation(user, database);
		this.model.dispatch(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiWire.answer("fine");
			}
		});
		for (int i = 0; i < 3; i++) {
			user.post(messages(older), Map.of("content", "q" + i)).expect(201);
		}

		JsonNode list = user.get("/api/conversations?databaseId=" + database).expect(200).json();
		JsonNode renamed = user.patch("/api/conversations/" + newer, Map.of("name", "Renamed")).expect(200).json();
		JsonNode page1 = user.get(messages(older) + "?limit=4").expect(200).json();
		JsonNode page2 = user.get(messages(older) + "?after=" + page1.get("nextAfter").asInt() + "&limit=4")
			.expect(200)
			.json();
		user.delete("/api/conversations/" + older).expect(204);

		assertThat(list.get("items").get(0).get("id").asLong()).isEqualTo(older);
		assertThat(list.get("total").asLong()).isEqualTo(2);
		assertThat(renamed.get("name").asString()).isEqualTo("Renamed");
		assertThat(page1.get("items")).hasSize(4);
		assertThat(page1.get("nextAfter").asInt()).isEqualTo(3);
		assertThat(page2.get("items")).hasSize(2);
		assertThat(page2.get("nextAfter").isNull()).isTrue();
		assertThat(user.get("/api/conversations/" + older).status()).isEqualTo(404);
		assertThat(JdbcClient.create(this.dataSource)
			.sql("select count(*) from messages where conversation_id = ?")
			.param(older)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void answersAnotherUsersConversationWith404Everywhere() {
		Api owner = userWithKey("sk-test-" + UUID.randomUUID());
		long conversation = conversation(owner, Uploads.upload(owner, CHINOOK));
		Api stranger = userWithKey("sk-test-" + UUID.randomUUID());
		String path = "/api/conversations/" + conversation;

		List<Response> answers = List.of(stranger.get(path), stranger.patch(path, Map.of("name", "mine")),
				stranger.delete(path), stranger.get(path + "/messages"),
				stranger.post(path + "/messages", Map.of("content", "hello")),
				stranger.get("/api/conversations/999999999"), stranger.get("/api/conversations/abc"));

		assertThat(answers).extracting(Response::status).containsOnly(404);
		assertThat(answers.get(0).json().get("detail")).isEqualTo(answers.get(5).json().get("detail"));
		assertThat(stranger
			.post("/api/conversations", Map.of("databaseId", owner.get(path).json().get("databaseId").asLong()))
			.status()).isEqualTo(404);
		assertThat(owner.get(path).status()).isEqualTo(200);
		assertThat(this.model.takeRequests()).isEmpty();
	}

	private Api userWithKey(String key) {
		Api user = this.api.newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", key)).expect(204);
		return user;
	}

	private static long conversation(Api user, long database) {
		return user.post("/api/conversations", Map.of("databaseId", database)).expect(201).json().get("id").asLong();
	}

	private static String messages(long conversation) {
		return "/api/conversations/" + conversation + "/messages";
	}

	private Path storedFile(long database) {
		String name = JdbcClient.create(this.dataSource)
			.sql("select file_name from databases where id = ?")
			.param(database)
			.query(String.class)
			.single();
		return this.dataFolder.resolve("uploads").resolve(name);
	}

	private JsonNode awaitMessages(Api user, long conversation, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		JsonNode items = user.get(messages(conversation)).json().get("items");
		while (items.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(100);
			items = user.get(messages(conversation)).json().get("items");
		}
		return items;
	}

	private List<Event> stream(Api user, long conversation, String question) throws Exception {
		List<Event> events = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(openStream(user, conversation, question), StandardCharsets.UTF_8))) {
			String name = null;
			StringBuilder data = new StringBuilder();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
				else if (line.isEmpty() && name != null) {
					events.add(new Event(name, json.readTree(data.toString())));
					name = null;
					data.setLength(0);
				}
			}
		}
		return events;
	}

	private InputStream openStream(Api user, long conversation, String question) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(user.base() + messages(conversation)))
			.header("Authorization", "Bearer " + user.token())
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("content", question))))
			.build();
		HttpResponse<InputStream> response = streamingClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		return response.body();
	}

	record Event(String name, JsonNode data) {
	}

}
