package dev.askdb.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.support.SpiderRows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every Spider dev gold query through the runner and compares row counts and first
 * rows with what the benchmark recorded: the guard must let real read-only SQL through
 * unchanged.
 */
class SpiderConformanceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path folder;

	@Test
	void answersEverySpiderGoldQueryAsRecorded() throws IOException {
		JsonNode entries = json.readTree(SharedDatabases.folder().resolve("spider/dev_questions_gold.json").toFile());
		SqliteReadOnlySqlRunner runner = SharedDatabases
			.runner(SharedDatabases.properties(Duration.ofSeconds(30), 1_000_000));
		Map<String, Path> copies = new HashMap<>();
		List<String> mismatches = new ArrayList<>();

		for (JsonNode entry : entries) {
			Path file = copies.computeIfAbsent(entry.get("db_id").asString(),
					(id) -> SharedDatabases.copy(this.folder, "spider/database/" + id + ".sqlite"));
			String problem = compare(entry, runner, file);
			if (problem != null) {
				mismatches.add(entry.get("query").asString() + " -> " + problem);
			}
		}

		assertThat(entries.size()).isEqualTo(972);
		assertThat(mismatches).isEmpty();
		copies.values().forEach((file) -> assertThat(SharedDatabases.siblings(file)).hasSize(copies.size()));
	}

	private static String compare(JsonNode entry, SqliteReadOnlySqlRunner runner, Path file) {
		QueryResult result;
		try {
			result = runner.run(file, entry.get("query").asString(), null);
		}
		catch (RuntimeException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		if (result.truncated() || result.rows().size() != entry.get("gold_result_rows").asInt()) {
			return "rows " + result.rows().size() + " expected " + entry.get("gold_result_rows").asInt();
		}
		JsonNode sample = entry.get("gold_result_sample");
		for (int row = 0; row < sample.size(); row++) {
			if (!SpiderRows.sameRow(sample.get(row), json.valueToTree(result.rows().get(row)))) {
				return "row " + row + " " + result.rows().get(row) + " expected " + sample.get(row);
			}
		}
		return null;
	}

}
