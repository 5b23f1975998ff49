package dev.askdb.database;

import dev.askdb.support.SqliteServer;

/**
 * The databases contract on the embedded SQLite store.
 */
@SqliteServer
class DatabasesApiSqliteTests extends DatabasesApiContract {

}
