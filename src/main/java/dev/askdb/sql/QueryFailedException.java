package dev.askdb.sql;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when SQLite itself refuses or fails a read-only statement, for example an
 * unknown column.
 */
public class QueryFailedException extends ProblemException {

	public QueryFailedException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, "query-failed", "Query failed", detail);
	}

}
