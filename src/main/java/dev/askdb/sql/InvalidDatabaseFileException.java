package dev.askdb.sql;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when an uploaded file is not a SQLite database that can be read: empty, not
 * SQLite, encrypted or corrupt.
 */
public class InvalidDatabaseFileException extends ErrorResponseException {

	public InvalidDatabaseFileException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
		problem.setType(URI.create("https://askdb.dev/problems/invalid-database"));
		problem.setTitle("Not a usable SQLite database");
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
