package dev.askdb.database;

import dev.askdb.support.SqliteServer;

/**
 * Untrusted SQL at the query endpoint on the embedded SQLite store.
 */
@SqliteServer
class DatabaseQueriesSqliteTests extends DatabaseQueriesContract {

}
