package dev.askdb.security;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for tokens, secret encryption and login throttling ({@code askdb.security.*}).
 *
 * @param jwtSecret the token signing secret, base64 of at least 32 bytes; generated into
 * the data folder when blank
 * @param tokenTtl how long an access token is valid
 * @param encryptionKey the master key for API keys at rest, base64 of 32 bytes; generated
 * into the data folder when blank
 * @param previousEncryptionKeys earlier master keys, still accepted for decryption while
 * stored keys are re-encrypted
 * @param login the login throttling settings
 */
@ConfigurationProperties("askdb.security")
public record SecurityProperties(@Nullable String jwtSecret, @DefaultValue("1h") Duration tokenTtl,
		@Nullable String encryptionKey, @DefaultValue List<String> previousEncryptionKeys, @DefaultValue Login login) {

	/**
	 * Login throttling: after too many failures within the window, further attempts wait,
	 * doubling up to a cap.
	 *
	 * @param maxFailuresPerUser failures for one username before it is throttled
	 * @param maxFailuresPerAddress failures from one client address before it is
	 * throttled
	 * @param window how long a failure is remembered
	 * @param initialDelay the first wait once throttled
	 * @param maxDelay the longest wait, so that an attacker can never lock the real user
	 * out for long
	 * @param maxTracked how many usernames and addresses are tracked at most
	 */
	public record Login(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerAddress,
			@DefaultValue("15m") Duration window, @DefaultValue("15s") Duration initialDelay,
			@DefaultValue("5m") Duration maxDelay, @DefaultValue("100000") int maxTracked) {
	}

}
