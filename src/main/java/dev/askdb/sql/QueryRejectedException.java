package dev.askdb.sql;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when untrusted SQL is anything but exactly one read-only statement.
 */
public class QueryRejectedException extends ErrorResponseException {

	public QueryRejectedException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
		problem.setType(URI.create("https://askdb.dev/problems/query-rejected"));
		problem.setTitle("Query rejected");
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
