package dev.askdb.conversation;

import dev.askdb.support.PostgresServer;

import org.springframework.test.context.TestPropertySource;

/**
 * The end-to-end recall benchmark on the embedded PostgreSQL server; not part of the
 * normal suite (run it with {@code -Dtest=RecallEndToEndPostgresBenchmark}).
 */
@PostgresServer
@TestPropertySource(properties = { "askdb.memory.backfill-interval=1h", "logging.level.dev.askdb=INFO" })
class RecallEndToEndPostgresBenchmark extends RecallEndToEnd {

	@Override
	String store() {
		return "PostgreSQL";
	}

}
