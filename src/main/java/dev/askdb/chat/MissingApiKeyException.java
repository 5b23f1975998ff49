package dev.askdb.chat;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a question needs the language model but the user has not stored an API key.
 */
public class MissingApiKeyException extends ErrorResponseException {

	public MissingApiKeyException() {
		super(HttpStatus.CONFLICT, problem(), null);
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"No OpenAI API key is stored for your account: add your OpenAI API key with "
						+ "PUT /api/users/me/api-key first.");
		problem.setType(URI.create("https://askdb.dev/problems/missing-api-key"));
		problem.setTitle("API key missing");
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
