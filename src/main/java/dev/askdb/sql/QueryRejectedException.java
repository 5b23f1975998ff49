package dev.askdb.sql;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when untrusted SQL is anything but exactly one read-only statement.
 */
public class QueryRejectedException extends ProblemException {

	public QueryRejectedException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, "query-rejected", "Query rejected", detail);
	}

}
