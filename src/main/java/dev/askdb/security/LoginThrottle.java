package dev.askdb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import dev.askdb.web.Problems;

/**
 * Slows down password guessing: after repeated failed logins for a username or from a
 * client address, further attempts are answered 429 until a short, capped wait has
 * passed.
 *
 * <p>
 * The wait doubles with each further failure but never exceeds {@code maxDelay}, and a
 * successful login clears the username's record, so an attacker can delay the real user
 * only briefly, never lock them out. Records live in this instance's memory, bounded in
 * number; several instances each throttle on their own.
 */
@Component
public class LoginThrottle {

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	private final SecurityProperties.Login settings;

	private final Clock clock;

	private final Map<String, Failures> failures;

	LoginThrottle(SecurityProperties properties, Clock clock) {
		this.settings = properties.login();
		this.clock = clock;
		int maxTracked = this.settings.maxTracked();
		this.failures = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
				return size() > maxTracked;
			}
		};
	}

	/**
	 * Refuses the attempt when the username or the address is waiting out a throttle.
	 * @param username the username tried
	 * @param address the client address
	 * @throws ErrorResponseException 429 with {@code Retry-After}
	 */
	public synchronized void checkAllowed(String username, String address) {
		Instant now = this.clock.instant();
		Duration wait = max(remaining(userKey(username), now), remaining(addressKey(address), now));
		if (!wait.isZero()) {
			logger.info("Login throttled for {} more seconds", wait.toSeconds());
			throw tooManyAttempts(wait);
		}
	}

	/**
	 * Records a failed attempt.
	 * @param username the username tried
	 * @param address the client address
	 */
	public synchronized void recordFailure(String username, String address) {
		Instant now = this.clock.instant();
		record(userKey(username), this.settings.maxFailuresPerUser(), now);
		record(addressKey(address), this.settings.maxFailuresPerAddress(), now);
	}

	/**
	 * Clears the username's failures after a successful login.
	 * @param username the username that signed in
	 */
	public synchronized void recordSuccess(String username) {
		this.failures.remove(userKey(username));
	}

	private void record(String key, int threshold, Instant now) {
		Failures current = this.failures.get(key);
		if (current == null || current.first().plus(this.settings.window()).isBefore(now)) {
			current = new Failures(0, now, now);
		}
		int count = current.count() + 1;
		Instant blockedUntil = now;
		if (count >= threshold) {
			long doublings = Math.min(count - threshold, 20);
			Duration delay = this.settings.initialDelay().multipliedBy(1L << doublings);
			blockedUntil = now.plus(min(delay, this.settings.maxDelay()));
		}
		this.failures.put(key, new Failures(count, current.first(), blockedUntil));
	}

	private Duration remaining(String key, Instant now) {
		Failures current = this.failures.get(key);
		if (current == null || !current.blockedUntil().isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(now, current.blockedUntil());
	}

	private static ErrorResponseException tooManyAttempts(Duration wait) {
		long seconds = Math.max(1, wait.toSeconds() + ((wait.toMillisPart() > 0) ? 1 : 0));
		ErrorResponseException ex = Problems.exception(HttpStatus.TOO_MANY_REQUESTS, "login-throttled",
				"Too many failed logins", "Too many failed logins; wait " + seconds + " seconds and try again.");
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return ex;
	}

	private static String userKey(String username) {
		return "user:" + username.toLowerCase(Locale.ROOT);
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Failures(int count, Instant first, Instant blockedUntil) {
	}

}
