package dev.askdb.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.ForeignKey;
import dev.askdb.sql.DatabaseSchema.Index;
import dev.askdb.sql.DatabaseSchema.Table;

/**
 * Reads what a stored upload holds: tables, views and virtual tables with columns, keys,
 * indexes and bounded row counts, in a few joined queries rather than a few per table.
 */
@Component
public class SchemaReader {

	private static final Logger logger = LoggerFactory.getLogger(SchemaReader.class);

	/**
	 * Shadow-table suffixes of the FTS3/4/5 and R*Tree modules, for when SQLite cannot
	 * tell.
	 */
	private static final Set<String> SHADOW_SUFFIXES = Set.of("content", "segments", "segdir", "docsize", "stat",
			"data", "idx", "config", "node", "parent", "rowid");

	private static final String OBJECTS = "SELECT name, type, sql FROM sqlite_schema "
			+ "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid";

	private static final String COLUMNS = "SELECT s.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden "
			+ "FROM sqlite_schema s JOIN pragma_table_xinfo(s.name) c "
			+ "WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY s.name, c.cid";

	private static final String FOREIGN_KEYS = "SELECT s.name, f.id, f.\"table\", f.\"from\", f.\"to\" "
			+ "FROM sqlite_schema s JOIN pragma_foreign_key_list(s.name) f "
			+ "WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY s.name, f.id, f.seq";

	private static final String INDEXES = "SELECT s.name, l.name, l.\"unique\", i.cid, i.name "
			+ "FROM sqlite_schema s JOIN pragma_index_list(s.name) l JOIN pragma_index_xinfo(l.name) i "
			+ "WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%' AND i.key = 1 "
			+ "ORDER BY s.name, l.name, i.seqno";

	private static final String SINGLE_COLUMNS = "SELECT NULL, name, type, \"notnull\", dflt_value, pk, hidden "
			+ "FROM pragma_table_xinfo(?) ORDER BY cid";

	private final UploadedDatabaseOpener opener;

	private final SqlProperties properties;

	SchemaReader(UploadedDatabaseOpener opener, SqlProperties properties) {
		this.opener = opener;
		this.properties = properties;
	}

	/**
	 * Reads the schema of a stored upload.
	 * @param file the stored upload
	 * @return its tables, views and virtual tables in creation order
	 * @throws InvalidDatabaseFileException when SQLite cannot read the schema
	 */
	public DatabaseSchema read(Path file) {
		long start = System.nanoTime();
		try (Connection connection = this.opener.open(file)) {
			DatabaseSchema schema = read(connection);
			logger.debug("Read the schema of {} in {} ms: {} objects", file.getFileName(),
					(System.nanoTime() - start) / 1_000_000, schema.tables().size());
			return schema;
		}
		catch (SQLException ex) {
			throw new InvalidDatabaseFileException(
					"The database schema could not be read: " + SqliteErrors.message(ex) + ".");
		}
	}

	private DatabaseSchema read(Connection connection) throws SQLException {
		List<SchemaObject> objects;
		Map<String, List<Column>> columns;
		Map<String, List<ForeignKey>> foreignKeys;
		Map<String, List<Index>> indexes;
		try (StatementDeadline deadline = StatementDeadline.start(connection, this.properties.checkTimeout())) {
			objects = visibleObjects(connection);
			columns = grouped(connection, COLUMNS, SchemaReader::column);
			foreignKeys = foreignKeys(connection);
			indexes = indexes(connection);
		}

		List<Table> tables = new ArrayList<>();
		for (SchemaObject object : objects) {
			tables.add(table(connection, object, columns, foreignKeys, indexes));
		}
		return new DatabaseSchema(tables);
	}

	private Table table(Connection connection, SchemaObject object, Map<String, List<Column>> columns,
			Map<String, List<ForeignKey>> foreignKeys, Map<String, List<Index>> indexes) {
		if (object.kind().equals("table")) {
			return new Table(object.name(), object.kind(), countRows(connection, object.name()),
					columns.getOrDefault(object.name(), List.of()), foreignKeys.getOrDefault(object.name(), List.of()),
					indexes.getOrDefault(object.name(), List.of()), object.sql(), null);
		}
		try {
			return new Table(object.name(), object.kind(), null, singleColumns(connection, object.name()), List.of(),
					List.of(), object.sql(), null);
		}
		catch (SQLException ex) {
			return new Table(object.name(), object.kind(), null, List.of(), List.of(), List.of(), object.sql(),
					SqliteErrors.message(ex));
		}
	}

	private List<SchemaObject> visibleObjects(Connection connection) throws SQLException {
		Map<String, String> kinds = tableListKinds(connection);
		List<SchemaObject> all = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(OBJECTS)) {
			while (rows.next()) {
				String name = rows.getString(1);
				String sql = rows.getString(3);
				String kind = kinds.getOrDefault(name, fallbackKind(rows.getString(2), sql));
				all.add(new SchemaObject(name, kind, sql));
			}
		}
		List<String> virtualNames = all.stream()
			.filter((o) -> o.kind().equals("virtual"))
			.map(SchemaObject::name)
			.toList();
		return all.stream()
			.filter((o) -> !o.kind().equals("shadow") && !isShadowByName(o.name(), virtualNames))
			.toList();
	}

	/**
	 * SQLite knows which tables are shadow tables when it has the module; it is asked
	 * first.
	 */
	private static Map<String, String> tableListKinds(Connection connection) {
		Map<String, String> kinds = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT name, type FROM pragma_table_list WHERE schema = 'main'")) {
			while (rows.next()) {
				kinds.put(rows.getString(1), rows.getString(2));
			}
		}
		catch (SQLException ex) {
			logger.debug("Fell back to reading table kinds from their SQL: {}", SqliteErrors.message(ex));
			kinds.clear();
		}
		return kinds;
	}

	private static String fallbackKind(String type, @Nullable String sql) {
		if (type.equals("view")) {
			return "view";
		}
		return (sql != null && sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14)) ? "virtual" : "table";
	}

	private static boolean isShadowByName(String name, List<String> virtualNames) {
		for (String virtual : virtualNames) {
			if (name.length() > virtual.length() + 1 && name.startsWith(virtual + "_")
					&& SHADOW_SUFFIXES.contains(name.substring(virtual.length() + 1))) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Long countRows(Connection connection, String table) {
		try (StatementDeadline deadline = StatementDeadline.start(connection, this.properties.countTimeout());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quote(table))) {
			return rows.next() ? rows.getLong(1) : null;
		}
		catch (SQLException ex) {
			logger.debug("Left out the row count of a table: {}", SqliteErrors.message(ex));
			return null;
		}
	}

	private static List<Column> singleColumns(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(SINGLE_COLUMNS)) {
			statement.setString(1, name);
			try (ResultSet rows = statement.executeQuery()) {
				List<Column> columns = new ArrayList<>();
				while (rows.next()) {
					Column column = column(rows);
					if (column != null) {
						columns.add(column);
					}
				}
				return columns;
			}
		}
	}

	/**
	 * Reads one row of {@code table_xinfo}; hidden columns of virtual tables are left
	 * out.
	 */
	private static @Nullable Column column(ResultSet rows) throws SQLException {
		if (rows.getInt(7) == 1) {
			return null;
		}
		int pk = rows.getInt(6);
		boolean notNull = rows.getInt(4) != 0;
		String type = (rows.getString(3) != null) ? rows.getString(3) : "";
		return new Column(rows.getString(2), type, !notNull && pk == 0, pk > 0, (pk > 0) ? pk : null,
				rows.getString(5));
	}

	private static Map<String, List<ForeignKey>> foreignKeys(Connection connection) throws SQLException {
		Map<String, Map<Integer, ForeignKeyParts>> parts = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(FOREIGN_KEYS)) {
			while (rows.next()) {
				ForeignKeyParts key = parts.computeIfAbsent(rows.getString(1), (name) -> new LinkedHashMap<>())
					.computeIfAbsent(rows.getInt(2), (id) -> new ForeignKeyParts(safeString(rows, 3)));
				key.columns.add(rows.getString(4));
				String to = rows.getString(5);
				if (to != null) {
					key.referencedColumns.add(to);
				}
			}
		}
		Map<String, List<ForeignKey>> keys = new HashMap<>();
		parts.forEach((table, byId) -> keys.put(table, byId.values().stream().map(ForeignKeyParts::toKey).toList()));
		return keys;
	}

	private static Map<String, List<Index>> indexes(Connection connection) throws SQLException {
		Map<String, Map<String, IndexParts>> parts = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(INDEXES)) {
			while (rows.next()) {
				IndexParts index = parts.computeIfAbsent(rows.getString(1), (name) -> new LinkedHashMap<>())
					.computeIfAbsent(rows.getString(2), (name) -> new IndexParts(safeInt(rows, 3) != 0));
				int cid = rows.getInt(4);
				index.columns.add((cid == -2) ? "<expr>" : (cid == -1) ? "rowid" : rows.getString(5));
			}
		}
		Map<String, List<Index>> indexes = new HashMap<>();
		parts.forEach((table, byName) -> indexes.put(table,
				byName.entrySet()
					.stream()
					.map((e) -> new Index(e.getKey(), e.getValue().columns, e.getValue().unique))
					.toList()));
		return indexes;
	}

	private static Map<String, List<Column>> grouped(Connection connection, String sql, ColumnReader reader)
			throws SQLException {
		Map<String, List<Column>> grouped = new HashMap<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				Column column = reader.read(rows);
				if (column != null) {
					grouped.computeIfAbsent(rows.getString(1), (name) -> new ArrayList<>()).add(column);
				}
			}
		}
		return grouped;
	}

	private static String safeString(ResultSet rows, int index) {
		try {
			return rows.getString(index);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int safeInt(ResultSet rows, int index) {
		try {
			return rows.getInt(index);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads one column from a result row. */
	@FunctionalInterface
	private interface ColumnReader {

		@Nullable Column read(ResultSet rows) throws SQLException;

	}

	/**
	 * A named object of the schema with the kind reported to users (or {@code shadow}).
	 */
	private record SchemaObject(String name, String kind, @Nullable String sql) {
	}

	/** A foreign key being assembled from its rows. */
	private static final class ForeignKeyParts {

		private final String referencedTable;

		private final List<String> columns = new ArrayList<>();

		private final List<String> referencedColumns = new ArrayList<>();

		ForeignKeyParts(String referencedTable) {
			this.referencedTable = referencedTable;
		}

		ForeignKey toKey() {
			return new ForeignKey(List.copyOf(this.columns), this.referencedTable, List.copyOf(this.referencedColumns));
		}

	}

	/** An index being assembled from its rows. */
	private static final class IndexParts {

		private final boolean unique;

		private final List<String> columns = new ArrayList<>();

		IndexParts(boolean unique) {
			this.unique = unique;
		}

	}

}
