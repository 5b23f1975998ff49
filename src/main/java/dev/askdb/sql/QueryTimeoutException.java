package dev.askdb.sql;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a statement runs past the configured time limit and is stopped.
 */
public class QueryTimeoutException extends ErrorResponseException {

	public QueryTimeoutException(String detail) {
		super(HttpStatus.REQUEST_TIMEOUT, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_TIMEOUT, detail);
		problem.setType(URI.create("https://askdb.dev/problems/query-timeout"));
		problem.setTitle("Query took too long");
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
