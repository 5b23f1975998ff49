package dev.askdb.user;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.security.AccessTokens;
import dev.askdb.security.AccessTokens.AccessToken;
import dev.askdb.security.AccountStatus;
import dev.askdb.security.LoginThrottle;
import dev.askdb.security.SecretCipher;
import dev.askdb.security.SecretCipher.SealedSecret;
import dev.askdb.web.Problems;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: registration, login, API keys, password changes and deletion of an account
 * with all it owns.
 */
@Service
public class UserService implements AccountStatus {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final AccessTokens tokens;

	private final SecretCipher cipher;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String unknownUserHash;

	UserService(UserRepository users, PasswordEncoder passwords, AccessTokens tokens, SecretCipher cipher,
			LoginThrottle throttle, ApplicationEventPublisher events, Clock clock) {
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.cipher = cipher;
		this.throttle = throttle;
		this.events = events;
		this.clock = clock;
		this.unknownUserHash = passwords.encode("askdb-timing-equalizer");
	}

	@Transactional
	User register(String username, String password) {
		if (this.users.findByUsernameIgnoringCase(username).isPresent()) {
			throw usernameTaken();
		}
		try {
			User user = this.users.saveAndFlush(new User(username, this.passwords.encode(password),
					this.clock.instant().truncatedTo(ChronoUnit.MILLIS)));
			logger.info("Registered user {}", user.getId());
			return user;
		}
		catch (DataIntegrityViolationException ex) {
			throw usernameTaken();
		}
	}

	@Transactional(readOnly = true)
	AccessToken login(String username, String password, String clientAddress) {
		this.throttle.checkAllowed(username, clientAddress);
		Optional<User> user = this.users.findByUsernameIgnoringCase(username);
		String hash = user.map(User::getPasswordHash).orElse(this.unknownUserHash);
		boolean matches = this.passwords.matches(password, hash);
		if (user.isEmpty() || !matches) {
			this.throttle.recordFailure(username, clientAddress);
			throw Problems.exception(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
					"The username or password is wrong.");
		}
		this.throttle.recordSuccess(username);
		logger.info("User {} signed in", user.get().getId());
		return this.tokens.issue(user.get().getId(), user.get().getTokenVersion());
	}

	@Transactional(readOnly = true)
	User get(long userId) {
		return this.users.findById(userId).orElseThrow(() -> Problems.notFound());
	}

	@Transactional
	User setApiKey(long userId, String apiKey) {
		User user = get(userId);
		user.setApiKey(this.cipher.encrypt(apiKey, context(userId)), hint(apiKey));
		logger.info("Stored a new API key for user {}", userId);
		return user;
	}

	@Transactional
	void deleteApiKey(long userId) {
		get(userId).setApiKey(null, null);
		logger.info("Removed the API key of user {}", userId);
	}

	@Transactional
	void changePassword(long userId, String currentPassword, String newPassword) {
		User user = get(userId);
		if (!this.passwords.matches(currentPassword, user.getPasswordHash())) {
			throw Problems.exception(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password",
					"The current password is wrong; the password was not changed.");
		}
		user.changePassword(this.passwords.encode(newPassword));
		logger.info("User {} changed the password; earlier tokens are revoked", userId);
	}

	/**
	 * Deletes an account; listeners of {@link AccountDeletion} remove what lives outside
	 * the store, and the store's cascades remove the rows.
	 * @param userId the account id
	 */
	@Transactional
	public void delete(long userId) {
		User user = get(userId);
		this.events.publishEvent(new AccountDeletion(userId));
		this.users.delete(user);
		logger.info("Deleted user {}", userId);
	}

	/**
	 * Decrypts a user's API key for one call to the language model; the caller must not
	 * keep or log it.
	 * @param userId the account id
	 * @return the key, or empty when none is stored
	 */
	@Transactional(readOnly = true)
	public Optional<String> apiKeyForModelCall(long userId) {
		Optional<SealedSecret> sealed = this.users.findById(userId).map(User::getApiKey);
		try {
			return sealed.map((secret) -> this.cipher.decrypt(secret, context(userId)));
		}
		catch (IllegalStateException ex) {
			logger.warn("The stored API key of user {} cannot be decrypted with the configured master keys", userId);
			throw Problems.exception(HttpStatus.CONFLICT, "api-key-unreadable", "API key unreadable",
					"Your stored API key can no longer be read by the server; store it again with "
							+ "PUT /api/users/me/api-key.");
		}
	}

	@Override
	@Transactional(readOnly = true)
	public OptionalInt currentTokenVersion(long userId) {
		return this.users.findTokenVersion(userId).map(OptionalInt::of).orElse(OptionalInt.empty());
	}

	/**
	 * Seals every stored API key that an earlier master key sealed with the current one.
	 * @param currentKeyId the current master key's id
	 * @return how many keys were sealed again
	 */
	@Transactional
	public int resealApiKeys(String currentKeyId) {
		int count = 0;
		for (User user : this.users.findWithApiKeySealedByOtherThan(currentKeyId)) {
			SealedSecret sealed = user.getApiKey();
			if (sealed != null && this.cipher.needsRotation(sealed)) {
				try {
					String key = this.cipher.decrypt(sealed, context(user.getId()));
					user.setApiKey(this.cipher.encrypt(key, context(user.getId())), user.getApiKeyHint());
					count++;
				}
				catch (IllegalStateException ex) {
					logger.warn("The API key of user {} was sealed by a master key that is not configured; "
							+ "it stays as it is until the user stores it again", user.getId());
				}
			}
		}
		return count;
	}

	static @Nullable String hint(String apiKey) {
		String last = apiKey.substring(Math.max(0, apiKey.length() - 4));
		String prefix = apiKey.startsWith("sk-") ? "sk-" : "";
		return prefix + "…" + last;
	}

	private static String context(long userId) {
		return "askdb:user:" + userId + ":api-key";
	}

	private static RuntimeException usernameTaken() {
		return Problems.exception(HttpStatus.CONFLICT, "username-taken", "Username taken",
				"This username is already taken (names are compared without regard to case); choose another.");
	}

}
