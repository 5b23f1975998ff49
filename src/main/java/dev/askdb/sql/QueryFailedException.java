package dev.askdb.sql;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when SQLite itself refuses or fails a read-only statement, for example an
 * unknown column.
 */
public class QueryFailedException extends ErrorResponseException {

	public QueryFailedException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
		problem.setType(URI.create("https://askdb.dev/problems/query-failed"));
		problem.setTitle("Query failed");
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
