package dev.askdb.database;

import dev.askdb.support.PostgresServer;

/**
 * Spider conformance at the query endpoint on a real PostgreSQL server.
 */
@PostgresServer
class DatabaseSpiderPostgresTests extends DatabaseSpiderContract {

}
