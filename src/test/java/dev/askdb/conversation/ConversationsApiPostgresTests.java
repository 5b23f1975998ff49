package dev.askdb.conversation;

import dev.askdb.support.PostgresServer;

/**
 * The conversations contract on a real PostgreSQL server.
 */
@PostgresServer
class ConversationsApiPostgresTests extends ConversationsApiContract {

}
