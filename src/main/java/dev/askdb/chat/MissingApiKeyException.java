package dev.askdb.chat;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Thrown when a question needs the language model but the user has not stored an API key.
 */
public class MissingApiKeyException extends ProblemException {

	public MissingApiKeyException() {
		super(HttpStatus.CONFLICT, "missing-api-key", "API key missing",
				"No OpenAI API key is stored for your account: add your OpenAI API key with "
						+ "PUT /api/users/me/api-key first.");
	}

}
