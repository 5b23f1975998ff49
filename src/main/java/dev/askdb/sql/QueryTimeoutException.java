package dev.askdb.sql;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when a statement runs past the configured time limit and is stopped.
 */
public class QueryTimeoutException extends ProblemException {

	public QueryTimeoutException(String detail) {
		super(HttpStatus.REQUEST_TIMEOUT, "query-timeout", "Query took too long", detail);
	}

}
