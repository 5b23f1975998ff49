package dev.askdb.web;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the problem documents and problem-carrying exceptions that askdb's features
 * throw.
 */
public final class Problems {

	private static final String TYPE_BASE = "https://askdb.dev/problems/";

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private Problems() {
	}

	/**
	 * The type URI of one kind of problem.
	 * @param slug the kind, for example {@code not-found}
	 * @return the type URI
	 */
	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

	/**
	 * An exception that answers with a problem document.
	 * @param status the HTTP status
	 * @param slug the kind of problem
	 * @param title a short, fixed summary
	 * @param detail what happened and what to do, in plain words
	 * @return the exception, ready to throw
	 */
	public static ProblemException exception(HttpStatus status, String slug, String title, String detail) {
		return new ProblemException(status, slug, title, detail);
	}

	/**
	 * A problem document.
	 * @param status the HTTP status
	 * @param slug the kind of problem
	 * @param title a short, fixed summary
	 * @param detail what happened and what to do
	 * @param properties extra members of the document
	 * @return the problem
	 */
	public static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		properties.forEach(problem::setProperty);
		return problem;
	}

	/**
	 * Gives a problem raised by the framework a type and a title of its status, and
	 * replaces details that would name internals (such as a missing static resource's
	 * path) with plain words.
	 * @param problem the problem
	 * @param statusCode its status
	 */
	public static void fillDefaults(ProblemDetail problem, HttpStatusCode statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		String reason = (status != null) ? status.getReasonPhrase() : "Error";
		if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
			problem.setType(type(reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
		}
		if (problem.getTitle() == null) {
			problem.setTitle(reason);
		}
		if (statusCode.value() == 404 && !problem.getType().equals(type("not-found"))) {
			problem.setDetail("There is nothing at this address.");
		}
	}

	/**
	 * The exception for a missing object, one that belongs to someone else, or a
	 * malformed id: the three answer exactly alike, so an id never reveals what exists.
	 * @return the exception
	 */
	public static ProblemException notFound() {
		return exception(HttpStatus.NOT_FOUND, "not-found", "Not Found",
				"Nothing with this id exists among yours; check the id.");
	}

}
