package dev.askdb.user;

import dev.askdb.support.PostgresServer;

/**
 * The accounts contract on a real PostgreSQL server.
 */
@PostgresServer
class AccountsApiPostgresTests extends AccountsApiContract {

}
