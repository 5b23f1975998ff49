package dev.askdb.sql;

/**
 * Quotes names for SQLite so that spaces, quotes, keywords and any script are read as
 * names.
 */
final class SqlIdentifiers {

	private SqlIdentifiers() {
	}

	/**
	 * Quotes a name.
	 * @param name a table, column or index name as stored
	 * @return the name in double quotes, inner double quotes doubled
	 */
	static String quote(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	/**
	 * Quotes a text value as a string literal.
	 * @param value the text
	 * @return the text in single quotes, inner single quotes doubled
	 */
	static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
