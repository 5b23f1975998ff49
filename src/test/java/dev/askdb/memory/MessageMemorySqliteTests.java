package dev.askdb.memory;

import javax.sql.DataSource;

/**
 * The message memory contract on a SQLite metadata store.
 */
class MessageMemorySqliteTests extends MessageMemoryContract {

	private static DataSource store;

	@Override
	DataSource dataSource() {
		synchronized (MessageMemorySqliteTests.class) {
			if (store == null) {
				store = MemoryStores.sqlite();
			}
			return store;
		}
	}

}
