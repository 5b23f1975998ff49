package dev.askdb.database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.SpiderRows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Spider dev gold query through the query endpoint of a full server, compared with
 * the row counts and first rows the benchmark recorded: real read-only SQL must pass the
 * guard and come back unchanged over HTTP; run once per metadata store by its subclasses.
 */
abstract class DatabaseSpiderContract extends DatabasesApiFixture {

	private static final int SERVER_MAX_ROWS = 1000;

	/**
	 * Concurrent clients: the endpoint must answer alike under load, and the run is
	 * shorter.
	 */
	private static final int CLIENTS = 4;

	@Test
	void answersEverySpiderGoldQueryAsRecorded() throws Exception {
		JsonNode entries = JsonMapper.builder().build().readTree(shared("spider/dev_questions_gold.json").toFile());
		Api user = this.api.newUser();
		Map<String, String> databases = new HashMap<>();
		for (JsonNode entry : entries) {
			databases.computeIfAbsent(entry.get("db_id").asString(),
					(name) -> id(uploaded(user, "spider/database/" + name + ".sqlite")));
		}

		List<String> mismatches = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (JsonNode entry : entries) {
				answers.add(clients.submit(() -> compare(user, databases.get(entry.get("db_id").asString()), entry)));
			}
			for (Future<String> answer : answers) {
				if (answer.get() != null) {
					mismatches.add(answer.get());
				}
			}
		}
		finally {
			clients.shutdownNow();
		}

		assertThat(entries.size()).isEqualTo(972);
		assertThat(databases).hasSize(19);
		assertThat(mismatches).isEmpty();
		assertUploadsHoldOnlyRecordedFiles();
	}

	private static @Nullable String compare(Api user, String databaseId, JsonNode entry) {
		int recorded = entry.get("gold_result_rows").asInt();
		Response response = user.post("/api/databases/" + databaseId + "/query",
				Map.of("sql", entry.get("query").asString(), "maxRows", recorded + 1));
		if (response.status() != 200) {
			return describe(entry, response.status() + " " + response.body());
		}
		JsonNode result = response.json();
		JsonNode rows = result.get("rows");
		boolean truncated = recorded > SERVER_MAX_ROWS;
		if (rows.size() != Math.min(recorded, SERVER_MAX_ROWS) || result.get("truncated").asBoolean() != truncated) {
			return describe(entry,
					"rows " + rows.size() + " truncated " + result.get("truncated") + ", recorded " + recorded);
		}
		JsonNode sample = entry.get("gold_result_sample");
		for (int row = 0; row < sample.size(); row++) {
			if (!SpiderRows.sameRow(sample.get(row), rows.get(row))) {
				return describe(entry, "row " + row + " " + rows.get(row) + " recorded " + sample.get(row));
			}
		}
		return null;
	}

	private static String describe(JsonNode entry, String problem) {
		return entry.get("db_id").asString() + ": " + entry.get("query").asString() + " -> " + problem;
	}

}
