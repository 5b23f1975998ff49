package dev.askdb.sql;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an uploaded SQLite file holds: its tables, views and virtual tables with their
 * columns, keys and indexes.
 *
 * @param tables the user's tables, views and virtual tables; SQLite's own and shadow
 * tables are left out
 */
public record DatabaseSchema(List<Table> tables) {

	/**
	 * Counts the user's tables: ordinary and virtual tables, not views.
	 * @return the number of tables
	 */
	public int tableCount() {
		return (int) this.tables.stream().filter((table) -> !"view".equals(table.kind())).count();
	}

	/**
	 * One table, view or virtual table.
	 *
	 * @param name the name as SQLite stores it
	 * @param kind {@code table}, {@code view} or {@code virtual}
	 * @param rowCount rows in a table, or {@code null} for views, virtual tables and
	 * counts that took too long
	 * @param columns the columns in declaration order
	 * @param foreignKeys the outgoing foreign keys
	 * @param indexes the indexes, including those behind UNIQUE and PRIMARY KEY
	 * constraints
	 * @param sql the statement that created it, as stored in the schema table
	 * @param error why a view could not be read, or {@code null}
	 */
	public record Table(String name, String kind, @Nullable Long rowCount, List<Column> columns,
			List<ForeignKey> foreignKeys, List<Index> indexes, @Nullable String sql, @Nullable String error) {
	}

	/**
	 * One column.
	 *
	 * @param name the column name
	 * @param type the declared type, empty when none was declared
	 * @param nullable whether NULL is allowed
	 * @param primaryKey whether the column is part of the primary key
	 * @param primaryKeyPosition its 1-based position in the primary key, or {@code null}
	 * @param defaultValue the default expression as written, or {@code null}
	 */
	public record Column(String name, String type, boolean nullable, boolean primaryKey,
			@Nullable Integer primaryKeyPosition, @Nullable String defaultValue) {
	}

	/**
	 * One foreign key.
	 *
	 * @param columns the referencing columns
	 * @param referencedTable the referenced table
	 * @param referencedColumns the referenced columns (empty when the key names the
	 * referenced primary key implicitly)
	 */
	public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
	}

	/**
	 * One index.
	 *
	 * @param name the index name
	 * @param columns the indexed columns (expressions appear as {@code <expr>})
	 * @param unique whether the index is unique
	 */
	public record Index(String name, List<String> columns, boolean unique) {
	}

}
