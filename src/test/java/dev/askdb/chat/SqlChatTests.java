package dev.askdb.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.askdb.chat.ChatProviderException.Kind;
import dev.askdb.sql.QueryRejectedException;
import dev.askdb.sql.QueryResult;
import dev.askdb.sql.ReadOnlySqlRunner;

import static dev.askdb.chat.ChatFixtures.FILE;
import static dev.askdb.chat.ChatFixtures.answer;
import static dev.askdb.chat.ChatFixtures.arguments;
import static dev.askdb.chat.ChatFixtures.chunk;
import static dev.askdb.chat.ChatFixtures.json;
import static dev.askdb.chat.ChatFixtures.request;
import static dev.askdb.chat.ChatFixtures.sse;
import static dev.askdb.chat.ChatFixtures.toolCalls;
import static dev.askdb.chat.ChatFixtures.usageChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SqlChatTests {

	private static final String KEY = "sk-test-abcd1234";

	private static final Tokenizer tokenizer = new Tokenizer("gpt-4o-mini");

	private final MockWebServer server = new MockWebServer();

	private final List<String> ranSql = new CopyOnWriteArrayList<>();

	private final List<ModelClients> clients = new ArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.clients.forEach(ModelClients::destroy);
		this.server.shutdown();
	}

	@Test
	void answersPlainQuestionWithUsersKey() throws Exception {
		this.server.enqueue(answer("Chinook is a music store."));

		ChatAnswer reply = chat(2, 3).ask(KEY, request("What is this database?"));

		assertThat(reply.content()).isEqualTo("Chinook is a music store.");
		assertThat(reply.queries()).isEmpty();
		assertThat(reply.usage()).isEqualTo(new TokenUsage(100, 10));
		assertThat(reply.model()).isEqualTo("gpt-4o-mini-2024-07-18");
		RecordedRequest sent = this.server.takeRequest();
		assertThat(sent.getPath()).isEqualTo("/v1/chat/completions");
		assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
		JsonNode body = body(sent);
		assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
		assertThat(body.path("messages").get(0).path("content").asText())
			.contains("CREATE TABLE Album(AlbumId INTEGER PK, Title NVARCHAR(160) NOT NULL");
		assertThat(body.path("tools").get(0).path("function").path("name").asText()).isEqualTo("run_sql");
		assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
	}

	@Test
	void runsOneToolRoundAndHandsTheRowsBack() throws Exception {
		this.server.enqueue(toolCalls("SELECT COUNT(*) AS albums FROM Album"));
		this.server.enqueue(answer("There are 347 albums."));

		ChatAnswer reply = chat(2, 3).ask(KEY, request("How many albums?"));

		assertThat(reply.content()).isEqualTo("There are 347 albums.");
		assertThat(reply.queries()).containsExactly(new ExecutedQuery("SELECT COUNT(*) AS albums FROM Album",
				List.of("albums"), List.of(List.of(347L)), false, null));
		assertThat(reply.usage()).isEqualTo(new TokenUsage(200, 20));
		assertThat(this.ranSql).containsExactly("SELECT COUNT(*) AS albums FROM Album");
		this.server.takeRequest();
		JsonNode second = body(this.server.takeRequest());
		JsonNode messages = second.path("messages");
		JsonNode assistant = messages.get(messages.size() - 2);
		JsonNode tool = messages.get(messages.size() - 1);
		assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_0");
		assertThat(tool.path("role").asText()).isEqualTo("tool");
		assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_0");
		assertThat(tool.path("content").asText())
			.isEqualTo("{\"columns\":[\"albums\"],\"rows\":[[347]],\"rowCount\":1,\"truncated\":false}");
	}

	@Test
	void runsSeveralToolRoundsInOrder() {
		this.server.enqueue(toolCalls("SELECT 1", "SELECT 2"));
		this.server.enqueue(toolCalls("SELECT 3"));
		this.server.enqueue(answer("Done."));

		ChatAnswer reply = chat(2, 3).ask(KEY, request("Compare"));

		assertThat(reply.content()).isEqualTo("Done.");
		assertThat(reply.queries()).extracting(ExecutedQuery::sql).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(reply.usage()).isEqualTo(new TokenUsage(300, 30));
	}

	@Test
	void handsRefusalBackToTheModelAsToolResult() throws Exception {
		ReadOnlySqlRunner refusing = (file, sql, maxRows) -> {
			throw new QueryRejectedException("only one read-only statement is allowed");
		};
		this.server.enqueue(toolCalls("DELETE FROM Album"));
		this.server.enqueue(answer("I can only read data."));

		ChatAnswer reply = chat(refusing, 2, 3).ask(KEY, request("Delete the albums"));

		assertThat(reply.queries()).containsExactly(new ExecutedQuery("DELETE FROM Album", List.of(), List.of(), false,
				"only one read-only statement is allowed"));
		this.server.takeRequest();
		JsonNode messages = body(this.server.takeRequest()).path("messages");
		assertThat(messages.get(messages.size() - 1).path("content").asText())
			.isEqualTo("error: only one read-only statement is allowed");
	}

	@Test
	void forcesAnAnswerWithoutToolsAfterMaxRounds() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(toolCalls("SELECT " + i));
		}

		ChatAnswer reply = chat(2, 2).ask(KEY, request("Loop forever"));

		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(this.ranSql).containsExactly("SELECT 0", "SELECT 1");
		assertThat(reply.content()).isEqualTo(SqlChat.OUT_OF_ROUNDS);
		assertThat(body(this.server.takeRequest()).path("tool_choice").asText()).isEqualTo("auto");
		assertThat(body(this.server.takeRequest()).path("tool_choice").asText()).isEqualTo("auto");
		assertThat(body(this.server.takeRequest()).path("tool_choice").asText()).isEqualTo("none");
	}

	@Test
	void streamsContentDeltasAndCountsUsage() throws Exception {
		this.server.enqueue(sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
				chunk("{\"content\":\"There are \"}", null), chunk("{\"content\":\"347 albums.\"}", null),
				chunk("{}", "stop"), usageChunk(120, 7))));
		List<String> deltas = new ArrayList<>();

		ChatAnswer reply = chat(2, 3).stream(KEY, request("How many albums?"), listener(deltas, new ArrayList<>()));

		assertThat(deltas).containsExactly("There are ", "347 albums.");
		assertThat(reply.content()).isEqualTo("There are 347 albums.");
		assertThat(reply.usage()).isEqualTo(new TokenUsage(120, 7));
		JsonNode body = body(this.server.takeRequest());
		assertThat(body.path("stream").asBoolean()).isTrue();
		assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
	}

	@Test
	void streamsToolCallsWithArgumentsSplitOverChunks() throws Exception {
		String start = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_9\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"run_sql\",\"arguments\":\"\"}}]}";
		String first = "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"sql\\\": \\\"SELECT\"}}]}";
		String second = "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" 42\\\"}\"}}]}";
		this.server.enqueue(sse(List.of(chunk(start, null), chunk(first, null), chunk(second, null),
				chunk("{}", "tool_calls"), usageChunk(50, 5))));
		this.server
			.enqueue(sse(List.of(chunk("{\"content\":\"It is 42.\"}", null), chunk("{}", "stop"), usageChunk(60, 4))));
		List<String> deltas = new ArrayList<>();
		List<ExecutedQuery> queries = new ArrayList<>();

		ChatAnswer reply = chat(2, 3).stream(KEY, request("Answer?"), listener(deltas, queries));

		assertThat(this.ranSql).containsExactly("SELECT 42");
		assertThat(queries).extracting(ExecutedQuery::sql).containsExactly("SELECT 42");
		assertThat(deltas).containsExactly("It is 42.");
		assertThat(reply.content()).isEqualTo("It is 42.");
		assertThat(reply.usage()).isEqualTo(new TokenUsage(110, 9));
		this.server.takeRequest();
		JsonNode messages = body(this.server.takeRequest()).path("messages");
		JsonNode call = messages.get(messages.size() - 2).path("tool_calls").get(0);
		assertThat(call.path("id").asText()).isEqualTo("call_9");
		assertThat(call.path("function").path("arguments").asText())
			.isEqualTo(arguments("SELECT 42").replace(":", ": "));
	}

	@Test
	void mapsRefusedKeyTo424() {
		this.server.enqueue(error(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***1234\"}}"));

		ChatProviderException failure = failure(() -> chat(2, 3).ask(KEY, request("Hi")));

		assertThat(failure.getStatusCode().value()).isEqualTo(424);
		assertThat(failure.kind()).isEqualTo(Kind.KEY_REFUSED);
		assertThat(failure.getBody().getDetail()).doesNotContain("sk-", "Incorrect");
		assertThat(failure.getBody().getType().toString()).isEqualTo("https://askdb.dev/problems/provider-key-refused");
	}

	@Test
	void mapsRateLimitTo429WithProvidersRetryAfter() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(error(429, "{\"error\":{\"message\":\"Rate limit\"}}").setHeader("Retry-After", "7")
				.setHeader("retry-after-ms", "1"));
		}

		ChatProviderException failure = failure(() -> chat(2, 3).ask(KEY, request("Hi")));

		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(failure.getStatusCode().value()).isEqualTo(429);
		assertThat(failure.retryAfterSeconds()).isEqualTo(7L);
		assertThat(failure.getHeaders().getFirst("Retry-After")).isEqualTo("7");
	}

	@Test
	void suggestsDefaultRetryAfterWhenProviderGivesNone() {
		this.server.enqueue(error(429, "{\"error\":{\"message\":\"Rate limit\"}}"));

		ChatProviderException failure = failure(() -> chat(0, 3).ask(KEY, request("Hi")));

		assertThat(failure.retryAfterSeconds()).isEqualTo(20L);
	}

	@Test
	void mapsServerErrorTo502AfterRetries() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(error(500, "{\"error\":{\"message\":\"boom\"}}").setHeader("retry-after-ms", "1"));
		}

		ChatProviderException failure = failure(() -> chat(2, 3).ask(KEY, request("Hi")));

		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(failure.getStatusCode().value()).isEqualTo(502);
		assertThat(failure.getBody().getDetail()).doesNotContain("boom");
	}

	@Test
	void mapsReadTimeoutTo504() {
		this.server.enqueue(answer("late").setHeadersDelay(2, TimeUnit.SECONDS));

		ChatProviderException failure = failure(() -> chat(0, 3).ask(KEY, request("Hi")));

		assertThat(failure.getStatusCode().value()).isEqualTo(504);
	}

	@Test
	void mapsBodyThatIsNotJsonTo502() {
		this.server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>oops</html>"));

		ChatProviderException failure = failure(() -> chat(0, 3).ask(KEY, request("Hi")));

		assertThat(failure.getStatusCode().value()).isEqualTo(502);
	}

	@Test
	void mapsRefusedConnectionTo502() throws IOException {
		SqlChat chat = chat(0, 3);
		this.server.shutdown();

		ChatProviderException failure = failure(() -> chat.ask(KEY, request("Hi")));

		assertThat(failure.getStatusCode().value()).isEqualTo(502);
	}

	@Test
	void refusesWithoutKey() {
		SqlChat chat = chat(0, 3);

		assertThatExceptionOfType(MissingApiKeyException.class).isThrownBy(() -> chat.ask(null, request("Hi")))
			.satisfies((missing) -> assertThat(missing.getStatusCode().value()).isEqualTo(409))
			.withMessageContaining("PUT /api/users/me/api-key");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void completesOneShotWithoutTools() throws Exception {
		this.server.enqueue(answer("A music store with 11 tables."));

		String text = chat(0, 3).complete(KEY, "Describe databases.", "CREATE TABLE Album(...)");

		assertThat(text).isEqualTo("A music store with 11 tables.");
		JsonNode body = body(this.server.takeRequest());
		assertThat(body.has("tools")).isFalse();
		assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("CREATE TABLE Album(...)");
	}

	@Test
	void sharesOneConnectionPoolAcrossUsersKeys() throws Exception {
		this.server.enqueue(answer("one"));
		this.server.enqueue(answer("two"));
		SqlChat chat = chat(0, 3);

		chat.complete("sk-user-one", "s", "u");
		chat.complete("sk-user-two", "s", "u");

		RecordedRequest first = this.server.takeRequest();
		RecordedRequest second = this.server.takeRequest();
		assertThat(first.getHeader("Authorization")).isEqualTo("Bearer sk-user-one");
		assertThat(second.getHeader("Authorization")).isEqualTo("Bearer sk-user-two");
		assertThat(second.getSequenceNumber()).as("second request reused the first connection").isEqualTo(1);
	}

	private SqlChat chat(int maxRetries, int maxToolRounds) {
		ReadOnlySqlRunner runner = (Path file, String sql, Integer maxRows) -> {
			assertThat(file).isEqualTo(FILE);
			assertThat(maxRows).isEqualTo(50);
			this.ranSql.add(sql);
			return new QueryResult(List.of(sql.contains("COUNT") ? "albums" : "value"),
					List.of(List.of(sql.contains("COUNT") ? 347L : 42L)), false, 3);
		};
		return chat(runner, maxRetries, maxToolRounds);
	}

	private SqlChat chat(ReadOnlySqlRunner runner, int maxRetries, int maxToolRounds) {
		ChatProperties properties = ChatFixtures.properties(this.server.url("/v1").toString(), maxRetries,
				maxToolRounds);
		ModelClients modelClients = new ModelClients(properties);
		this.clients.add(modelClients);
		return new SqlChat(properties, new PromptBuilder(tokenizer, properties), runner, modelClients);
	}

	private static ChatListener listener(List<String> deltas, List<ExecutedQuery> queries) {
		return new ChatListener() {

			@Override
			public void onDelta(String content) {
				deltas.add(content);
			}

			@Override
			public void onQuery(ExecutedQuery query) {
				queries.add(query);
			}

		};
	}

	private static MockResponse error(int status, String body) {
		return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
	}

	private static ChatProviderException failure(Runnable call) {
		ChatProviderException[] caught = new ChatProviderException[1];
		assertThatExceptionOfType(ChatProviderException.class).isThrownBy(call::run)
			.satisfies((failure) -> caught[0] = failure);
		return caught[0];
	}

	private static JsonNode body(RecordedRequest request) throws IOException {
		return json.readTree(request.getBody().readUtf8());
	}

}
