package dev.askdb.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.askdb.sql.DatabaseSchema.Table;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema of 1,500 tables with awkward names, keys and indexes is read in seconds and
 * quoted correctly.
 */
class LargeSchemaTests {

	private static final int TABLES = 1500;

	@TempDir
	Path folder;

	@Test
	void readsFifteenHundredTablesQuickly() throws SQLException {
		Path file = generate(this.folder.resolve("wide.sqlite"));
		long start = System.nanoTime();

		DatabaseSchema schema = SharedDatabases.schemaReader().read(file);

		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(elapsedMs).isLessThan(5000L);
		assertThat(schema.tableCount()).isEqualTo(TABLES + 1);
		Table odd = schema.tables().stream().filter((t) -> t.name().equals("t 7 \"select\"")).findFirst().orElseThrow();
		assertThat(odd.rowCount()).isEqualTo(2L);
		assertThat(odd.columns()).extracting(DatabaseSchema.Column::name).containsExactly("id", "order", "ref id");
		assertThat(odd.foreignKeys()).singleElement()
			.satisfies((key) -> assertThat(key.referencedTable()).isEqualTo("parent"));
		assertThat(odd.indexes()).singleElement()
			.satisfies((index) -> assertThat(index.columns()).containsExactly("order"));
	}

	private static Path generate(Path file) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			statement.executeUpdate("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
			for (int index = 0; index < TABLES; index++) {
				String name = SqlIdentifiers.quote("t " + index + " \"select\"");
				statement.executeUpdate("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, \"order\" TEXT NOT NULL, "
						+ "\"ref id\" INTEGER REFERENCES parent (id))");
				statement.executeUpdate(
						"CREATE INDEX " + SqlIdentifiers.quote("i " + index) + " ON " + name + " (\"order\")");
				statement.executeUpdate("INSERT INTO " + name + " (\"order\") VALUES ('a'), ('b')");
			}
			connection.commit();
		}
		return file;
	}

}
