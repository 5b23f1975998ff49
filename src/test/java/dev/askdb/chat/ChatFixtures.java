package dev.askdb.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;

import dev.askdb.sql.DatabaseSchema;
import dev.askdb.support.OpenAiWire;
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
		return OpenAiWire.answer(content);
	}

	static MockResponse toolCalls(String... sqls) {
		return OpenAiWire.toolCalls(sqls);
	}

	static String arguments(String sql) {
		return OpenAiWire.arguments(sql);
	}

	static MockResponse sse(List<String> chunks) {
		return OpenAiWire.sse(chunks);
	}

	static String chunk(String deltaJson, String finishReason) {
		return OpenAiWire.chunk(deltaJson, finishReason);
	}

	static String usageChunk(int prompt, int completion) {
		return OpenAiWire.usageChunk(prompt, completion);
	}

}
