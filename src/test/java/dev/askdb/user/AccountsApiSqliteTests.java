package dev.askdb.user;

import dev.askdb.support.SqliteServer;

/**
 * The accounts contract on the embedded SQLite store.
 */
@SqliteServer
class AccountsApiSqliteTests extends AccountsApiContract {

}
