package dev.askdb.chat;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.fasterxml.jackson.core.JacksonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the OpenAI client's failures into {@link ChatProviderException}s, keeping
 * the provider's body and the key out of messages and logs.
 */
final class ProviderFailures {

	private static final Logger logger = LoggerFactory.getLogger(ProviderFailures.class);

	private final Duration defaultRetryAfter;

	ProviderFailures(Duration defaultRetryAfter) {
		this.defaultRetryAfter = defaultRetryAfter;
	}

	ChatProviderException translate(RuntimeException failure) {
		ChatProviderException translated = classify(failure);
		logger.warn("Language model call failed: {} ({}) mapped to {}", failure.getClass().getSimpleName(),
				statusOf(failure), translated.kind());
		return translated;
	}

	private ChatProviderException classify(RuntimeException failure) {
		if (failure instanceof UnauthorizedException || failure instanceof PermissionDeniedException) {
			return ChatProviderException.keyRefused();
		}
		if (failure instanceof RateLimitException rateLimit) {
			return ChatProviderException.rateLimited(retryAfter(rateLimit.headers()));
		}
		if (failure instanceof OpenAIServiceException) {
			return ChatProviderException.unavailable();
		}
		if (failure instanceof OpenAIIoException && causedByTimeout(failure)) {
			return ChatProviderException.timedOut();
		}
		if (failure instanceof OpenAIIoException) {
			return ChatProviderException.unavailable();
		}
		if (failure instanceof OpenAIInvalidDataException || causedBy(failure, JacksonException.class)) {
			return ChatProviderException.malformed();
		}
		return (failure instanceof OpenAIException) ? ChatProviderException.unavailable()
				: ChatProviderException.malformed();
	}

	Duration retryAfter(Headers headers) {
		List<String> values = headers.values("Retry-After");
		if (values.isEmpty()) {
			return this.defaultRetryAfter;
		}
		String value = values.get(0).trim();
		try {
			return Duration.ofSeconds((long) Math.ceil(Double.parseDouble(value)));
		}
		catch (NumberFormatException notSeconds) {
			return untilDate(value);
		}
	}

	private Duration untilDate(String value) {
		try {
			ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
			return wait.isNegative() ? Duration.ofSeconds(1) : wait;
		}
		catch (DateTimeParseException unreadable) {
			return this.defaultRetryAfter;
		}
	}

	private static boolean causedByTimeout(Throwable failure) {
		return causedBy(failure, InterruptedIOException.class);
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String statusOf(RuntimeException failure) {
		return (failure instanceof OpenAIServiceException service) ? "status " + service.statusCode() : "no status";
	}

}
