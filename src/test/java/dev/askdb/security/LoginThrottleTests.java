package dev.askdb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Login throttling per username and per address, with capped waits that never lock the
 * real user out for long.
 */
class LoginThrottleTests {

	private final MutableClock clock = new MutableClock();

	private final LoginThrottle throttle = new LoginThrottle(properties(), this.clock);

	@Test
	void throttlesAUsernameAfterRepeatedFailures() {
		fail("ada", "10.0.0.1", 4);
		assertThatNoException().isThrownBy(() -> this.throttle.checkAllowed("ada", "10.0.0.1"));

		fail("ada", "10.0.0.1", 1);

		ErrorResponseException refused = refused("ADA", "10.0.0.2");
		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("15");
	}

	@Test
	void throttlesAnAddressThatTriesManyUsernames() {
		for (int i = 0; i < 20; i++) {
			this.throttle.recordFailure("user" + i, "10.0.0.9");
		}

		assertThat(refused("someone-new", "10.0.0.9").getStatusCode().value()).isEqualTo(429);
		assertThatNoException().isThrownBy(() -> this.throttle.checkAllowed("someone-new", "10.0.0.10"));
	}

	@Test
	void capsTheWaitSoTheRealUserIsNeverLockedOutForLong() {
		fail("ada", "10.0.0.1", 40);

		ErrorResponseException refused = refused("ada", "10.0.0.3");
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isLessThanOrEqualTo(300);
		assertThatNoException().isThrownBy(() -> this.throttle.checkAllowed("ada", "10.0.0.3"));
	}

	@Test
	void doublesTheWaitWithEachFurtherFailure() {
		fail("ada", "10.0.0.1", 5);
		this.clock.advance(Duration.ofSeconds(16));
		fail("ada", "10.0.0.1", 1);

		assertThat(refused("ada", "10.0.0.1").getHeaders().getFirst("Retry-After")).isEqualTo("30");
	}

	@Test
	void forgetsFailuresAfterASuccessfulLoginOrTheWindow() {
		fail("ada", "10.0.0.1", 4);
		this.throttle.recordSuccess("ada");
		fail("ada", "10.0.0.1", 4);
		fail("bob", "10.0.0.4", 4);
		this.clock.advance(Duration.ofMinutes(16));
		fail("bob", "10.0.0.4", 1);

		assertThatNoException().isThrownBy(() -> this.throttle.checkAllowed("ada", "10.0.0.1"));
		assertThatNoException().isThrownBy(() -> this.throttle.checkAllowed("bob", "10.0.0.4"));
	}

	private void fail(String username, String address, int times) {
		for (int i = 0; i < times; i++) {
			this.throttle.recordFailure(username, address);
		}
	}

	private ErrorResponseException refused(String username, String address) {
		return catchThrowableOfType(ErrorResponseException.class, () -> this.throttle.checkAllowed(username, address));
	}

	private static SecurityProperties properties() {
		return new SecurityProperties(null, Duration.ofHours(1), null, List.of(), new SecurityProperties.Login(5, 20,
				Duration.ofMinutes(15), Duration.ofSeconds(15), Duration.ofMinutes(5), 1000));
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
