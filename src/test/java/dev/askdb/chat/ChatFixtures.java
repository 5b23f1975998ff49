package dev.askdb.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.MockResponse;

import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.ForeignKey;
import dev.askdb.sql.DatabaseSchema.Index;
import dev.askdb.sql.DatabaseSchema.Table;

/**
 * Small factories for chat tests: schemas, requests, settings and replies in OpenAI's
 * wire format.
 */
final class ChatFixtures {

	static final ObjectMapper json = new ObjectMapper();

	static final Path FILE = Path.of("/data/uploads/chinook.sqlite");

	private ChatFixtures() {
	}

	static ChatProperties properties(String baseUrl, int maxRetries, int maxToolRounds) {
		return new ChatProperties(baseUrl, "gpt-4o-mini", 16000, 0.4, 0.3, 0.1, 512, maxToolRounds,
				Duration.ofSeconds(2), Duration.ofMillis(400), maxRetries, Duration.ofSeconds(10), 50, 2000, 20,
				Duration.ofSeconds(20), 4);
	}

	static DatabaseSchema chinook() {
		Table artist = table("Artist", 275L, List.of(pk("ArtistId"), column("Name", "NVARCHAR(120)", true)), List.of());
		Table album = table("Album", 347L,
				List.of(pk("AlbumId"), column("Title", "NVARCHAR(160)", false), column("ArtistId", "INTEGER", false)),
				List.of(new ForeignKey(List.of("ArtistId"), "Artist", List.of("ArtistId"))));
		return new DatabaseSchema(List.of(artist, album));
	}

	static DatabaseSchema generated(int tables) {
		List<Table> all = new ArrayList<>();
		for (int i = 0; i < tables; i++) {
			List<ForeignKey> keys = (i > 0)
					? List.of(new ForeignKey(List.of("parent_id"), "table_" + (i - 1), List.of("id"))) : List.of();
			all.add(table("table_" + i, (long) i,
					List.of(pk("id"), column("parent_id", "INTEGER", true), column("label_" + i, "TEXT", false),
							column("amount", "REAL", true), column("created_at", "TEXT", true)),
					keys));
		}
		return new DatabaseSchema(all);
	}

	static Table table(String name, Long rows, List<Column> columns, List<ForeignKey> keys) {
		return new Table(name, "table", rows, columns, keys, List.<Index>of(), null, null);
	}

	static Column pk(String name) {
		return new Column(name, "INTEGER", false, true, 1, null);
	}

	static Column column(String name, String type, boolean nullable) {
		return new Column(name, type, nullable, false, null, null);
	}

	static ChatRequest request(String question) {
		return request(chinook(), List.of(), question);
	}

	static ChatRequest request(DatabaseSchema schema, List<HistoryMessage> history, String question) {
		return new ChatRequest(FILE, "Chinook", "A digital music store", "Artists, albums and tracks.", schema, history,
				List.of(), question);
	}

	static MockResponse answer(String content) {
		ObjectNode message = json.createObjectNode().put("role", "assistant").put("content", content);
		return completion(message, "stop");
	}

	static MockResponse toolCalls(String... sqls) {
		ObjectNode message = json.createObjectNode().put("role", "assistant").putNull("content");
		ArrayNode calls = message.putArray("tool_calls");
		for (int i = 0; i < sqls.length; i++) {
			ObjectNode call = calls.addObject().put("id", "call_" + i).put("type", "function");
			call.putObject("function").put("name", "run_sql").put("arguments", arguments(sqls[i]));
		}
		return completion(message, "tool_calls");
	}

	static String arguments(String sql) {
		return json.createObjectNode().put("sql", sql).toString();
	}

	private static MockResponse completion(ObjectNode message, String finishReason) {
		ObjectNode body = json.createObjectNode()
			.put("id", "chatcmpl-1")
			.put("object", "chat.completion")
			.put("created", 1700000000)
			.put("model", "gpt-4o-mini-2024-07-18");
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
		choice.set("message", message);
		choice.putNull("logprobs");
		body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10).put("total_tokens", 110);
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
	}

	static MockResponse sse(List<String> chunks) {
		StringBuilder body = new StringBuilder();
		chunks.forEach((chunk) -> body.append("data: ").append(chunk).append("\n\n"));
		body.append("data: [DONE]\n\n");
		return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body.toString());
	}

	static String chunk(String deltaJson, String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson
				+ ",\"finish_reason\":" + finish + "}]}";
	}

	static String usageChunk(int prompt, int completion) {
		return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
				+ ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
	}

}
