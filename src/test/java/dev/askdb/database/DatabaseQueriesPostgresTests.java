package dev.askdb.database;

import dev.askdb.support.PostgresServer;

/**
 * Untrusted SQL at the query endpoint on a real PostgreSQL server.
 */
@PostgresServer
class DatabaseQueriesPostgresTests extends DatabaseQueriesContract {

}
