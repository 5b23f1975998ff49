package dev.askdb.chat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.askdb.sql.QueryResult;

import static dev.askdb.chat.ChatFixtures.FILE;
import static org.assertj.core.api.Assertions.assertThat;

class SqlToolTests {

	private final ChatProperties properties = ChatFixtures.properties("http://localhost", 0, 3);

	@Test
	void capsResultTextAtMaxCharsAndSaysRowsWereCut() {
		SqlTool tool = new SqlTool((file, sql, maxRows) -> manyRows(50), this.properties);

		SqlTool.Outcome outcome = tool.call(FILE, SqlTool.NAME, ChatFixtures.arguments("SELECT * FROM t"));

		assertThat(outcome.resultText().length()).isLessThanOrEqualTo(this.properties.toolMaxChars());
		assertThat(outcome.resultText()).contains("\"truncated\":true", "\"note\":\"only ");
		assertThat(outcome.query().rows()).hasSize(this.properties.previewRows());
		assertThat(outcome.query().truncated()).isTrue();
	}

	@Test
	void keepsNullValuesInPreview() {
		List<Object> row = new ArrayList<>();
		row.add(null);
		SqlTool tool = new SqlTool((file, sql, maxRows) -> new QueryResult(List.of("x"), List.of(row), false, 1),
				this.properties);

		SqlTool.Outcome outcome = tool.call(FILE, SqlTool.NAME, ChatFixtures.arguments("SELECT NULL AS x"));

		assertThat(outcome.query().rows()).containsExactly(row);
		assertThat(outcome.resultText()).contains("\"rows\":[[null]]");
	}

	@Test
	void answersMalformedArgumentsWithAnErrorTheModelCanFix() {
		SqlTool tool = new SqlTool((file, sql, maxRows) -> manyRows(1), this.properties);

		SqlTool.Outcome outcome = tool.call(FILE, SqlTool.NAME, "{not json");

		assertThat(outcome.query()).isNull();
		assertThat(outcome.resultText()).startsWith("error: call run_sql with JSON arguments");
	}

	@Test
	void turnsUnexpectedRunnerFailuresIntoPlainErrors() {
		SqlTool tool = new SqlTool((file, sql, maxRows) -> {
			throw new IllegalStateException("/secret/path/db.sqlite missing");
		}, this.properties);

		SqlTool.Outcome outcome = tool.call(FILE, SqlTool.NAME, ChatFixtures.arguments("SELECT 1"));

		assertThat(outcome.resultText()).isEqualTo("error: the query could not be run");
		assertThat(outcome.query().error()).doesNotContain("secret");
	}

	private static QueryResult manyRows(int count) {
		List<List<Object>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(List.of((long) i, "a fairly long text value number " + i + " ".repeat(60)));
		}
		return new QueryResult(List.of("id", "text"), rows, false, 5);
	}

}
