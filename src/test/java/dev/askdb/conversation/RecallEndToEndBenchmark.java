package dev.askdb.conversation;

import dev.askdb.support.SqliteServer;

import org.springframework.test.context.TestPropertySource;

/**
 * The end-to-end recall benchmark on the embedded SQLite store; not part of the normal
 * suite (run it with {@code -Dtest=RecallEndToEndBenchmark}).
 */
@SqliteServer
@TestPropertySource(properties = { "askdb.memory.backfill-interval=1h", "logging.level.dev.askdb=INFO" })
class RecallEndToEndBenchmark extends RecallEndToEnd {

	@Override
	String store() {
		return "SQLite";
	}

}
