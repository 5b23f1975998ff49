package dev.askdb.database;

import dev.askdb.support.PostgresServer;

/**
 * Hostile uploads on a real PostgreSQL server.
 */
@PostgresServer
class DatabaseUploadsPostgresTests extends DatabaseUploadsContract {

}
