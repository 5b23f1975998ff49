package dev.askdb.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each hardening setting of {@link UploadedDatabaseOpener} is checked where it takes
 * effect: on a raw connection, bypassing the statement guard.
 */
class UploadedDatabaseOpenerTests {

	@TempDir
	Path folder;

	private final UploadedDatabaseOpener opener = new UploadedDatabaseOpener(SqlProperties.defaults());

	@Test
	void refusesWritesEvenWithQueryOnlySwitchedOff() throws SQLException {
		Path file = SharedDatabases.copy(this.folder, "chinook/Chinook_Sqlite.sqlite");
		String hash = SharedDatabases.sha256(file);

		try (Connection connection = this.opener.open(file); Statement statement = connection.createStatement()) {
			statement.executeUpdate("PRAGMA query_only = OFF");

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeUpdate("DELETE FROM Album"))
				.withMessageContaining("readonly");
		}
		assertThat(SharedDatabases.sha256(file)).isEqualTo(hash);
	}

	@Test
	void createsNothingBesideAWalModeFile() throws SQLException {
		Path file = SharedDatabases.copy(this.folder, "edge_cases/wal_mode.sqlite");

		try (Connection connection = this.opener.open(file)) {
			assertThat(single(connection, "SELECT count(*) FROM genre")).isNotNull();
		}

		assertThat(SharedDatabases.siblings(file)).containsExactly("wal_mode.sqlite");
	}

	@Test
	void opensPathsThatNeedEscaping() throws Exception {
		Path odd = java.nio.file.Files.createDirectories(this.folder.resolve("a b%20#?c"));

		try (Connection connection = this.opener.open(SharedDatabases.copy(odd, "chinook/Chinook_Sqlite.sqlite"))) {
			assertThat(single(connection, "SELECT count(*) FROM Album")).isEqualTo("347");
		}
	}

	@Test
	void hardensTheConnection() throws SQLException {
		Path file = SharedDatabases.copy(this.folder, "chinook/Chinook_Sqlite.sqlite");

		try (Connection connection = this.opener.open(file)) {
			assertThat(single(connection, "PRAGMA trusted_schema")).isEqualTo("0");
			assertThat(single(connection, "PRAGMA mmap_size")).isEqualTo("0");
			assertThat(single(connection, "PRAGMA query_only")).isEqualTo("1");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> single(connection, "SELECT load_extension('libm')"))
				.withMessageContaining("not authorized");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connection.createStatement().executeUpdate("ATTACH ':memory:' AS x"))
				.withMessageContaining("too many attached databases");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> single(connection, "SELECT length(randomblob(20000000))"))
				.withMessageContaining("too big");
		}
	}

	@Test
	void deadlineStopsARunningStatement() throws SQLException {
		Path file = SharedDatabases.copy(this.folder, "chinook/Chinook_Sqlite.sqlite");
		long start = System.nanoTime();

		try (Connection connection = this.opener.open(file)) {
			try (StatementDeadline deadline = StatementDeadline.start(connection, Duration.ofMillis(300))) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> single(connection,
							"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"))
					.satisfies((ex) -> assertThat(SqliteErrors.isInterrupt(ex)).isTrue());
				assertThat(deadline.expired()).isTrue();
			}

			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500L);
			assertThat(single(connection, "SELECT count(*) FROM Album")).isEqualTo("347");
		}
	}

	private static String single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
	}

}
