package dev.askdb.conversation;

import dev.askdb.support.SqliteServer;

/**
 * The conversations contract on the embedded SQLite store.
 */
@SqliteServer
class ConversationsApiSqliteTests extends ConversationsApiContract {

}
