package dev.askdb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.SQLiteConfig;

/**
 * The sqlite3 library (sqlite-jdbc) doing directly what the server does for an upload and
 * a query, as the floor the server's figures are compared with.
 */
final class DirectSqlite {

	private static final List<String> SCHEMA_READS = List.of("SELECT count(*) FROM sqlite_schema",
			"PRAGMA quick_check(3)",
			"SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
			"SELECT s.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden FROM sqlite_schema s"
					+ " JOIN pragma_table_xinfo(s.name) c WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%'"
					+ " ORDER BY s.name, c.cid",
			"SELECT s.name, f.id, f.\"table\", f.\"from\", f.\"to\" FROM sqlite_schema s"
					+ " JOIN pragma_foreign_key_list(s.name) f WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%'"
					+ " ORDER BY s.name, f.id, f.seq",
			"SELECT s.name, l.name, l.\"unique\", i.cid, i.name FROM sqlite_schema s JOIN pragma_index_list(s.name) l"
					+ " JOIN pragma_index_xinfo(l.name) i WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%'"
					+ " AND i.key = 1 ORDER BY s.name, l.name, i.seqno");

	private DirectSqlite() {
	}

	/**
	 * Receives a file as the server does (copy with a SHA-256 digest), then checks it and
	 * reads its schema, row counts and a few sample rows per table.
	 * @param file the database
	 * @param scratch a folder for the copy
	 * @return the elapsed milliseconds
	 */
	static double uploadAndIntrospect(Path file, Path scratch) {
		long started = System.nanoTime();
		Path copy = scratch.resolve("direct-" + System.nanoTime() + ".sqlite");
		try (InputStream in = Files.newInputStream(file);
				OutputStream out = new DigestOutputStream(Files.newOutputStream(copy), sha256())) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (Connection connection = open(copy); Statement statement = connection.createStatement()) {
			for (String sql : SCHEMA_READS) {
				drain(statement.executeQuery(sql));
			}
			List<String> tables = tables(statement);
			for (String table : tables) {
				drain(statement.executeQuery("SELECT count(*) FROM " + quote(table)));
			}
			for (String table : tables.subList(0, Math.min(40, tables.size()))) {
				drain(statement.executeQuery("SELECT * FROM " + quote(table) + " LIMIT 3"));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read " + file.getFileName(), ex);
		}
		double elapsed = (System.nanoTime() - started) / 1e6;
		try {
			Files.delete(copy);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return elapsed;
	}

	/**
	 * Opens a database read-only and runs one query, reading its rows up to a limit.
	 * @param file the database
	 * @param sql the query
	 * @param maxRows the most rows to read, as the server's limit
	 * @return how many rows it returned
	 */
	static int query(Path file, String sql, int maxRows) {
		try (Connection connection = open(file)) {
			return query(connection, sql, maxRows);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static int query(Connection connection, String sql, int maxRows) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setMaxRows(maxRows);
			return drain(statement.executeQuery(sql));
		}
	}

	static Connection open(Path file) throws SQLException {
		SQLiteConfig config = new SQLiteConfig();
		config.setReadOnly(true);
		return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
	}

	/**
	 * Writes a database with the given number of tables, each with a few columns, a
	 * foreign key to the previous table, an index and a row.
	 * @param file the new database
	 * @param tables how many tables
	 */
	static void generate(Path file, int tables) {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			for (int i = 0; i < tables; i++) {
				String reference = (i > 0) ? ", parent_id INTEGER REFERENCES t" + (i - 1) + " (id)"
						: ", parent_id INTEGER";
				statement.execute("CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount NUMERIC,"
						+ " created_at TEXT DEFAULT CURRENT_TIMESTAMP" + reference + ")");
				statement.execute("CREATE INDEX t" + i + "_name ON t" + i + " (name)");
				statement.execute("INSERT INTO t" + i + " (name, amount) VALUES ('row of " + i + "', " + i + ")");
			}
			connection.commit();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot generate " + file, ex);
		}
	}

	private static List<String> tables(Statement statement) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery(
				"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
						+ " AND sql NOT LIKE 'CREATE VIRTUAL%'")) {
			while (rows.next()) {
				tables.add(rows.getString(1));
			}
		}
		return tables;
	}

	private static int drain(ResultSet rows) throws SQLException {
		try (rows) {
			int columns = rows.getMetaData().getColumnCount();
			int count = 0;
			while (rows.next()) {
				for (int i = 1; i <= columns; i++) {
					rows.getObject(i);
				}
				count++;
			}
			return count;
		}
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
