package dev.askdb.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A failure that answers with its own problem document: a status, a kind, a fixed title
 * and a detail in plain words that is also the exception's message.
 */
public class ProblemException extends ErrorResponseException {

	/**
	 * Creates the exception and its problem document.
	 * @param status the HTTP status
	 * @param slug the kind of problem, the last part of its type URI
	 * @param title a short, fixed summary
	 * @param detail what happened and what to do
	 */
	public ProblemException(HttpStatus status, String slug, String title, String detail) {
		super(status, Problems.problem(status, slug, title, detail, java.util.Map.of()), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
