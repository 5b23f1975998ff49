package dev.askdb.database;

import dev.askdb.support.PostgresServer;

/**
 * The databases contract on a real PostgreSQL server.
 */
@PostgresServer
class DatabasesApiPostgresTests extends DatabasesApiContract {

}
