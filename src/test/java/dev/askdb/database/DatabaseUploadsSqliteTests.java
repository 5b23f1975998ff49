package dev.askdb.database;

import dev.askdb.support.SqliteServer;

/**
 * Hostile uploads on the embedded SQLite store.
 */
@SqliteServer
class DatabaseUploadsSqliteTests extends DatabaseUploadsContract {

}
