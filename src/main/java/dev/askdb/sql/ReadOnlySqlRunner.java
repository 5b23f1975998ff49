package dev.askdb.sql;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The one guarded path for untrusted SQL: runs a single read-only statement on an
 * uploaded file within time, row and byte limits.
 */
public interface ReadOnlySqlRunner {

	/**
	 * Runs one read-only statement on a stored upload.
	 * @param file the stored upload
	 * @param sql the untrusted statement
	 * @param maxRows the caller's row cap, or {@code null} for the configured default
	 * (never above it)
	 * @return the rows, cut at the limits
	 * @throws QueryRejectedException when the text is not exactly one read-only statement
	 * @throws QueryFailedException when SQLite refuses the statement (a syntax error, an
	 * unknown column)
	 * @throws QueryTimeoutException when the statement runs past the time limit
	 */
	QueryResult run(Path file, String sql, @Nullable Integer maxRows);

}
