package dev.askdb.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.askdb.sql.SharedDatabases;
import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Untrusted SQL through {@code POST /api/databases/{id}/query} against a full server:
 * every statement that could write, escape or run away is refused or stopped, and the
 * stored file stays exactly as uploaded; run once per metadata store by its subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseQueriesContract extends DatabasesApiFixture {

	/** Where an escaping statement would try to write, outside the uploads folder. */
	private static final Path OUTSIDE = Path.of("/tmp/askdb-escape-check");

	private Api owner;

	private String chinook;

	private Path storedFile;

	private String sha256;

	@BeforeAll
	void uploadChinook() {
		this.owner = new Api(this.port).newUser();
		this.chinook = id(uploaded(this.owner, "chinook/Chinook_Sqlite.sqlite"));
		this.storedFile = storedFile(this.chinook);
		this.sha256 = SharedDatabases.sha256(this.storedFile);
	}

	@AfterAll
	void leavesTheServerHealthy() {
		Response health = new Api(this.port).get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		assertStoredFileUntouched();
	}

	@ParameterizedTest
	@ValueSource(strings = { "INSERT INTO Genre (Name) VALUES ('x')",
			"INSERT OR REPLACE INTO Genre (GenreId, Name) VALUES (1, 'x')", "REPLACE INTO Genre VALUES (1, 'x')",
			"UPDATE Customer SET Email = 'x'", "DELETE FROM Customer",
			"WITH c AS (SELECT 1) DELETE FROM Customer WHERE 1 IN (SELECT * FROM c)",
			"INSERT INTO Genre SELECT * FROM Genre ON CONFLICT DO NOTHING", "CREATE TABLE x (a)",
			"CREATE TEMP TABLE x AS SELECT 1", "CREATE INDEX i ON Album (Title)", "CREATE VIEW v AS SELECT 1",
			"CREATE TRIGGER t AFTER INSERT ON Genre BEGIN DELETE FROM Album; END",
			"CREATE VIRTUAL TABLE f USING fts5(x)", "DROP TABLE Album", "DROP VIEW IF EXISTS v",
			"DROP INDEX IFK_AlbumArtistId", "ALTER TABLE Album RENAME TO Albums", "ALTER TABLE Album ADD COLUMN x",
			"REINDEX", "ANALYZE", "BEGIN IMMEDIATE", "SAVEPOINT s", "COMMIT",
			"ATTACH DATABASE '/tmp/askdb-escape-check/attached.db' AS a",
			"/* read */ ATTACH 'file:/tmp/askdb-escape-check/uri.db?mode=rwc' AS b", "DETACH DATABASE main",
			"PRAGMA journal_mode = WAL", "PRAGMA journal_mode(WAL)", "PRAGMA main.user_version = 7",
			"PRAGMA writable_schema = ON", "PRAGMA query_only = OFF", "PRAGMA wal_checkpoint(TRUNCATE)",
			"PRAGMA optimize", "PRAGMA incremental_vacuum", "PRAGMA schema_version = 1", "VACUUM",
			"VACUUM INTO '/tmp/askdb-escape-check/copy.db'", "SELECT load_extension('/tmp/askdb-escape-check/evil')",
			"backup to /tmp/askdb-escape-check/backup.db", "backup main to /tmp/askdb-escape-check/backup.db",
			"restore from /tmp/askdb-escape-check/backup.db", "SELECT 1; SELECT 2",
			"SELECT * FROM Album; DROP TABLE Album", "SELECT 1 -- ;\n; DELETE FROM Album", "EXPLAIN DELETE FROM Album",
			"SELECT randomblob(2000000000)", "SELECT zeroblob(1000000000)",
			"SELECT length(replace(hex(zeroblob(10000000)), '0', 'ab'))" })
	void refusesEveryStatementThatCouldWriteOrEscape(String sql) {
		Response refused = this.owner.post(queryPath(), Map.of("sql", sql));

		assertProblem(refused, 422);
		assertThat(detail(refused)).doesNotContain("/tmp/");
		assertThat(OUTSIDE).doesNotExist();
		assertStoredFileUntouched();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			DELETE FROM Customer                                | writes to table Customer
			delete from main."Customer" where CustomerId = 1    | writes to table Customer
			INSERT INTO Genre (Name) VALUES ('x')               | writes to table Genre
			INSERT OR IGNORE INTO [Genre] VALUES (1, 'x')       | writes to table Genre
			REPLACE INTO Genre VALUES (1, 'x')                  | writes to table Genre
			UPDATE OR ROLLBACK Track SET Name = 'x'             | writes to table Track
			WITH c AS (SELECT 1) DELETE FROM "Invoice"          | writes to table Invoice
			DROP TABLE IF EXISTS Album                          | drops table Album
			ALTER TABLE Album RENAME TO Albums                  | alters table Album
			CREATE TABLE Notes (a)                              | creates table Notes
			CREATE TEMP VIEW v AS SELECT 1                      | creates view v
			CREATE UNIQUE INDEX IF NOT EXISTS i ON Album (Title) | creates index i
			CREATE VIRTUAL TABLE f USING fts5(x)                | creates virtual table f
			""")
	void namesTheTableAWriteWouldChange(String sql, String change) {
		Response refused = this.owner.post(queryPath(), Map.of("sql", sql));

		assertProblem(refused, 422);
		assertThat(detail(refused)).isEqualTo("Only one read-only statement is allowed; this one " + change + ".");
	}

	@Test
	void stopsARecursiveQueryThatNeverEndsWithinTheTimeLimit() {
		long started = System.nanoTime();

		Response stopped = this.owner.post(queryPath(), Map.of("sql",
				"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"));

		long elapsedMs = (System.nanoTime() - started) / 1_000_000;
		assertProblem(stopped, 408);
		assertThat(elapsedMs).isBetween(4_000L, 8_000L);
		assertThat(detail(stopped)).contains("5 seconds");
	}

	@Test
	void stopsACartesianJoin() {
		long started = System.nanoTime();

		Response stopped = this.owner.post(queryPath(),
				Map.of("sql", "SELECT count(*) FROM Track a, Track b, Track c WHERE a.Name < c.Name"));

		long elapsedMs = (System.nanoTime() - started) / 1_000_000;
		assertProblem(stopped, 408);
		assertThat(elapsedMs).isLessThan(8_000L);
	}

	@Test
	void cutsRowsAtMaxRowsAndAtTheServerCap() {
		JsonNode ten = query(Map.of("sql", "SELECT TrackId FROM Track ORDER BY TrackId", "maxRows", 10));
		JsonNode all = query(Map.of("sql", "SELECT count(*) AS n FROM Track", "maxRows", 10));
		JsonNode capped = query(Map.of("sql", "SELECT TrackId FROM Track", "maxRows", 5000));
		JsonNode byDefault = query(Map.of("sql", "SELECT TrackId FROM Track"));

		assertThat(ten.get("rows")).hasSize(10);
		assertThat(ten.get("truncated").asBoolean()).isTrue();
		assertThat(ten.get("rows").get(9).get(0).asLong()).isEqualTo(10);
		assertThat(all.get("truncated").asBoolean()).isFalse();
		assertThat(all.get("columns").get(0).asString()).isEqualTo("n");
		assertThat(capped.get("rows")).hasSize(1000);
		assertThat(capped.get("truncated").asBoolean()).isTrue();
		assertThat(byDefault.get("rows")).hasSize(1000);
		assertThat(byDefault.get("elapsedMs").isNumber()).isTrue();
	}

	@Test
	void keepsJsonTypesOfValues() {
		JsonNode result = query(Map.of("sql",
				"SELECT AlbumId, Title, 1.5 AS half, NULL AS absent, 9007199254740993 AS big, X'CAFE' AS bytes "
						+ "FROM Album ORDER BY AlbumId LIMIT 1"));

		JsonNode row = result.get("rows").get(0);
		assertThat(result.get("columns").toString())
			.isEqualTo("[\"AlbumId\",\"Title\",\"half\",\"absent\",\"big\",\"bytes\"]");
		assertThat(row.get(0).isIntegralNumber()).isTrue();
		assertThat(row.get(0).asLong()).isEqualTo(1);
		assertThat(row.get(1).isString()).isTrue();
		assertThat(row.get(1).asString()).isEqualTo("For Those About To Rock We Salute You");
		assertThat(row.get(2).isFloatingPointNumber()).isTrue();
		assertThat(row.get(2).asDouble()).isEqualTo(1.5);
		assertThat(row.get(3).isNull()).isTrue();
		assertThat(row.get(4).asLong()).isEqualTo(9007199254740993L);
		assertThat(row.get(5).asString()).startsWith("<blob 2 bytes");
	}

	@Test
	void reportsAnUnknownColumnInSqlitesWords() {
		Response failed = this.owner.post(queryPath(), Map.of("sql", "SELECT Foo FROM Album"));

		assertProblem(failed, 422);
		assertThat(detail(failed)).contains("no such column: Foo");
	}

	@Test
	void refusesMissingSqlAndNonPositiveMaxRows() {
		Response missing = this.owner.post(queryPath(), Map.of("maxRows", 5));
		Response zeroRows = this.owner.post(queryPath(), Map.of("sql", "SELECT 1", "maxRows", 0));

		assertProblem(missing, 400);
		assertProblem(zeroRows, 400);
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("sql");
		assertThat(zeroRows.json().get("errors").get(0).get("field").asString()).isEqualTo("maxRows");
	}

	private JsonNode query(Map<String, Object> body) {
		Response response = this.owner.post(queryPath(), new HashMap<>(body));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private String queryPath() {
		return "/api/databases/" + this.chinook + "/query";
	}

	private void assertStoredFileUntouched() {
		assertThat(SharedDatabases.sha256(this.storedFile)).isEqualTo(this.sha256);
		assertThat(SharedDatabases.siblings(this.storedFile))
			.noneMatch((name) -> name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal"));
		assertThat(Files.exists(this.storedFile.resolveSibling(this.storedFile.getFileName() + "-journal"))).isFalse();
	}

}
