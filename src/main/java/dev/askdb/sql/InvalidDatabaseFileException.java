package dev.askdb.sql;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when an uploaded file is not a SQLite database that can be read: empty, not
 * SQLite, encrypted or corrupt.
 */
public class InvalidDatabaseFileException extends ProblemException {

	public InvalidDatabaseFileException(String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-database", "Not a usable SQLite database", detail);
	}

}
