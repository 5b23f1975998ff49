package dev.askdb.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link SqliteReadOnlySqlRunner}: what it returns, what it refuses and how its
 * limits stop hostile statements without touching the file.
 */
class SqliteReadOnlySqlRunnerTests {

	@TempDir
	Path folder;

	private Path chinook;

	private String originalHash;

	private final SqliteReadOnlySqlRunner runner = SharedDatabases
		.runner(SharedDatabases.properties(Duration.ofSeconds(1), 1000));

	@BeforeEach
	void copyChinook() {
		this.chinook = SharedDatabases.copy(this.folder, "chinook/Chinook_Sqlite.sqlite");
		this.originalHash = SharedDatabases.sha256(this.chinook);
	}

	@Test
	void returnsJsonTypedValues() {
		QueryResult result = this.runner.run(this.chinook,
				"SELECT 1 AS i, 2.5 AS r, 'x' AS t, NULL AS n, x'89504e47' AS b, 9999999999 AS big", null);

		assertThat(result.columns()).containsExactly("i", "r", "t", "n", "b", "big");
		assertThat(result.rows()).singleElement()
			.satisfies((row) -> assertThat(row).containsExactly(1L, 2.5, "x", null, "<blob 4 bytes: 89504e47>",
					9999999999L));
		assertThat(result.truncated()).isFalse();
	}

	@Test
	void readsRowsOfARealTable() {
		QueryResult result = this.runner.run(this.chinook,
				"-- albums\nSELECT Title FROM [Album] WHERE \"AlbumId\" = 1; -- done", null);

		assertThat(result.rows()).containsExactly(List.of("For Those About To Rock We Salute You"));
	}

	@Test
	void cutsRowsAtTheCallersLimit() {
		QueryResult result = this.runner.run(this.chinook, "SELECT TrackId FROM Track", 10);

		assertThat(result.rows()).hasSize(10);
		assertThat(result.truncated()).isTrue();
	}

	@Test
	void neverReturnsMoreThanTheConfiguredRows() {
		QueryResult result = this.runner.run(this.chinook, "SELECT TrackId FROM Track", 1_000_000);

		assertThat(result.rows()).hasSize(1000);
		assertThat(result.truncated()).isTrue();
	}

	@Test
	void cutsResultsAtTheByteLimit() {
		SqlProperties defaults = SqlProperties.defaults();
		SqlProperties small = new SqlProperties(Duration.ofSeconds(5), 1000, 10_000, 100_000, defaults.maxValueBytes(),
				1000, defaults.countTimeout(), defaults.checkTimeout());

		QueryResult result = SharedDatabases.runner(small).run(this.chinook, "SELECT Name FROM Track", null);

		assertThat(result.truncated()).isTrue();
		assertThat(result.rows().size()).isBetween(100, 999);
	}

	@Test
	void cutsLongTextWithAMarker() {
		QueryResult result = this.runner.run(this.chinook, "SELECT printf('%.*c', 5000, 'x')", null);

		assertThat((String) result.rows().get(0).get(0)).hasSizeLessThan(1100).endsWith("[4000 more characters]");
	}

	@Test
	void reportsSqliteErrorsInItsOwnWords() {
		assertThatExceptionOfType(QueryFailedException.class)
			.isThrownBy(() -> this.runner.run(this.chinook, "SELECT Foo FROM Album", null))
			.withMessageContaining("no such column: Foo")
			.withMessageNotContaining("SQLITE_ERROR")
			.withMessageNotContaining(this.folder.toString());
	}

	@Test
	void allowsReadingPragmas() {
		QueryResult result = this.runner.run(this.chinook, "PRAGMA table_info(Album)", null);

		assertThat(result.rows()).hasSize(3);
	}

	@Test
	void allowsExplain() {
		QueryResult result = this.runner.run(this.chinook, "EXPLAIN QUERY PLAN SELECT * FROM Album", null);

		assertThat(result.rows()).isNotEmpty();
	}

	@Test
	void allowsCommonTableExpressionsThatRead() {
		QueryResult result = this.runner.run(this.chinook,
				"WITH a(n) AS (SELECT count(*) FROM Album), t AS (SELECT 1) SELECT n FROM a", null);

		assertThat(result.rows()).containsExactly(List.of(347L));
	}

	@ParameterizedTest
	@ValueSource(strings = { "INSERT INTO Genre (Name) VALUES ('x')", "UPDATE Album SET Title = 'x'",
			"DELETE FROM Album", "REPLACE INTO Genre VALUES (1, 'x')", "CREATE TABLE x (a)", "DROP TABLE Album",
			"ALTER TABLE Album ADD COLUMN x", "ATTACH DATABASE '/tmp/askdb-attack.db' AS x",
			"PRAGMA journal_mode = wal", "PRAGMA query_only = 0", "PRAGMA writable_schema = 1",
			"PRAGMA user_version = 1", "PRAGMA user_version(1)", "PRAGMA journal_mode", "VACUUM",
			"VACUUM INTO '/tmp/askdb-attack.db'", "backup to /tmp/askdb-attack.db", "restore from /tmp/askdb-attack.db",
			"SELECT 1; DELETE FROM Album", "SELECT 1; SELECT 2", "WITH x AS (SELECT 1) DELETE FROM Album",
			"WITH x AS (SELECT 1) INSERT INTO Genre VALUES (99, 'x')", "EXPLAIN DELETE FROM Album", "BEGIN", "COMMIT",
			"ANALYZE", "REINDEX", "DETACH x", "SAVEPOINT a", "CREATE TEMP TABLE t(a)", "", "  -- only a comment",
			"; SELECT 1" })
	void refusesAnythingButOneReadOnlyStatement(String sql) {
		assertThatExceptionOfType(QueryRejectedException.class)
			.isThrownBy(() -> this.runner.run(this.chinook, sql, null));

		assertUntouched();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/* x */ ATTACH ':memory:' AS x", "SELECT 1;ATTACH ':memory:' AS x",
			"SELECT 1 -- ; \n; attach 'file:/tmp/askdb-attack.db?mode=rwc' AS x" })
	void refusesAttachHiddenBehindCommentsOrSemicolons(String sql) {
		assertThatExceptionOfType(QueryRejectedException.class)
			.isThrownBy(() -> this.runner.run(this.chinook, sql, null));

		assertUntouched();
	}

	@Test
	void refusesLoadingExtensions() {
		assertThatExceptionOfType(QueryFailedException.class)
			.isThrownBy(() -> this.runner.run(this.chinook, "SELECT load_extension('x')", null))
			.withMessageContaining("not authorized");

		assertUntouched();
	}

	@Test
	void namesTheTableAWriteWouldChange() {
		String sql = "INSERT INTO Genre (Name) VALUES ('x')";

		assertThatExceptionOfType(QueryRejectedException.class)
			.isThrownBy(() -> SqlStatementGuard
				.checkPlan(new UploadedDatabaseOpener(SqlProperties.defaults()).open(this.chinook), sql))
			.withMessage("Only one read-only statement is allowed; this one writes to table Genre.");
	}

	@Test
	void acceptsSemicolonsInsideQuotesAndComments() {
		QueryResult result = this.runner.run(this.chinook,
				"SELECT ';' AS \"a;b\", `c;` FROM (SELECT 1 AS [c;]) /* ; DELETE */ -- ; x\n;", null);

		assertThat(result.columns()).containsExactly("a;b", "c;");
	}

	@Test
	void stopsARecursiveQueryThatNeverEnds() {
		long start = System.nanoTime();

		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> this.runner.run(this.chinook,
				"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r", null));

		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(elapsedMs).isBetween(900L, 2500L);
		assertThat(this.runner.run(this.chinook, "SELECT count(*) FROM Album", null).rows())
			.containsExactly(List.of(347L));
		assertUntouched();
	}

	@Test
	void stopsOrCutsACartesianJoin() {
		long start = System.nanoTime();

		assertThatThrownBy(() -> {
			QueryResult result = this.runner.run(this.chinook,
					"SELECT count(*) FROM Track a, Track b, Track c ORDER BY 1", null);
			assertThat(result.truncated()).isTrue();
		}).isInstanceOf(QueryTimeoutException.class);

		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500L);
		QueryResult cut = this.runner.run(this.chinook, "SELECT a.TrackId, b.TrackId FROM Track a, Track b", 5);
		assertThat(cut.truncated()).isTrue();
		assertUntouched();
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT randomblob(2000000000)", "SELECT zeroblob(2000000000)",
			"SELECT printf('%.*c', 2000000000, 'x')", "SELECT length(randomblob(100000000))" })
	void refusesToBuildHugeValues(String sql) {
		assertThatExceptionOfType(QueryFailedException.class).isThrownBy(() -> this.runner.run(this.chinook, sql, null))
			.withMessageContaining("too big");

		assertUntouched();
	}

	private void assertUntouched() {
		assertThat(SharedDatabases.sha256(this.chinook)).isEqualTo(this.originalHash);
		assertThat(SharedDatabases.siblings(this.chinook)).containsExactly("Chinook_Sqlite.sqlite");
	}

}
