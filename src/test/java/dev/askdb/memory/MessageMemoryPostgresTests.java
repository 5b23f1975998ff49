package dev.askdb.memory;

import javax.sql.DataSource;

/**
 * The message memory contract on a PostgreSQL metadata store.
 */
class MessageMemoryPostgresTests extends MessageMemoryContract {

	private static DataSource store;

	@Override
	DataSource dataSource() {
		synchronized (MessageMemoryPostgresTests.class) {
			if (store == null) {
				store = MemoryStores.postgres();
			}
			return store;
		}
	}

}
