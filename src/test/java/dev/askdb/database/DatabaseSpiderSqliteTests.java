package dev.askdb.database;

import dev.askdb.support.SqliteServer;

/**
 * Spider conformance at the query endpoint on the embedded SQLite store.
 */
@SqliteServer
class DatabaseSpiderSqliteTests extends DatabaseSpiderContract {

}
