package dev.askdb.store;

import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.type.SqlTypes;

/**
 * Hibernate's SQLite dialect, told that a 64-bit integer column is SQLite's
 * {@code INTEGER}.
 *
 * <p>
 * SQLite stores every integer in up to 8 bytes, and only a column declared exactly
 * {@code INTEGER PRIMARY KEY} is an alias of the row id; with this mapping, schema
 * validation accepts the Flyway scripts' {@code INTEGER} ids for the entities'
 * {@code Long} ids.
 */
public class SqliteStoreDialect extends SQLiteDialect {

	@Override
	protected String columnType(int sqlTypeCode) {
		if (sqlTypeCode == SqlTypes.BIGINT) {
			return "integer";
		}
		return super.columnType(sqlTypeCode);
	}

}
