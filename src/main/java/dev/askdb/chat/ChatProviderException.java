package dev.askdb.chat;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.askdb.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Thrown when the language model provider cannot give an answer: the key was refused, the
 * rate was limited, the provider failed or answered nonsense, or it was too slow.
 *
 * <p>
 * The provider's own error body is never carried along: it may quote parts of the key.
 */
public class ChatProviderException extends ProblemException {

	private final Kind kind;

	private final @Nullable Long retryAfterSeconds;

	ChatProviderException(Kind kind, @Nullable Long retryAfterSeconds) {
		super(kind.status, kind.slug, kind.title,
				(retryAfterSeconds != null) ? kind.detail.formatted(retryAfterSeconds) : kind.detail);
		this.kind = kind;
		this.retryAfterSeconds = retryAfterSeconds;
		if (retryAfterSeconds != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
	}

	static ChatProviderException keyRefused() {
		return new ChatProviderException(Kind.KEY_REFUSED, null);
	}

	static ChatProviderException rateLimited(Duration retryAfter) {
		return new ChatProviderException(Kind.RATE_LIMITED, Math.max(1, retryAfter.toSeconds()));
	}

	static ChatProviderException unavailable() {
		return new ChatProviderException(Kind.UNAVAILABLE, null);
	}

	static ChatProviderException malformed() {
		return new ChatProviderException(Kind.MALFORMED, null);
	}

	static ChatProviderException timedOut() {
		return new ChatProviderException(Kind.TIMED_OUT, null);
	}

	/**
	 * Says what went wrong with the provider.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Says how long the user should wait before asking again, for rate limits.
	 * @return seconds to wait, or {@code null} when waiting will not help
	 */
	public @Nullable Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * The kinds of provider failure, each with its status in the REST contract.
	 */
	public enum Kind {

		/** The provider refused the user's API key (401 or 403 from the provider). */
		KEY_REFUSED(HttpStatus.FAILED_DEPENDENCY, "provider-key-refused", "API key refused",
				"OpenAI refused your API key. Check the key, its project and its billing, then store it again "
						+ "with PUT /api/users/me/api-key."),

		/** The provider limited the rate of requests for this key. */
		RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "provider-rate-limited", "Language model rate limit",
				"OpenAI is limiting requests for your API key. Wait %d seconds and ask again."),

		/** The provider failed, could not be reached or refused the request. */
		UNAVAILABLE(HttpStatus.BAD_GATEWAY, "provider-unavailable", "Language model unavailable",
				"The language model could not answer right now. Your question is kept; ask again in a moment."),

		/** The provider answered with something that is not a valid reply. */
		MALFORMED(HttpStatus.BAD_GATEWAY, "provider-malformed-reply", "Language model reply unreadable",
				"The language model sent a reply that could not be read. Your question is kept; ask again."),

		/** The provider did not answer in time. */
		TIMED_OUT(HttpStatus.GATEWAY_TIMEOUT, "provider-timeout", "Language model too slow",
				"The language model did not answer in time. Your question is kept; ask again, perhaps "
						+ "more narrowly.");

		private final HttpStatus status;

		private final String slug;

		private final String title;

		private final String detail;

		Kind(HttpStatus status, String slug, String title, String detail) {
			this.status = status;
			this.slug = slug;
			this.title = title;
			this.detail = detail;
		}

	}

}
