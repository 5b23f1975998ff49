package dev.askdb.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The response bodies of the accounts endpoints.
 */
final class UserResponses {

	private UserResponses() {
	}

	/**
	 * An account as its owner sees it; the API key appears only as a hint.
	 *
	 * @param id the account id
	 * @param username the username as registered
	 * @param createdAt when the account was created
	 * @param hasApiKey whether an API key is stored
	 * @param apiKeyHint the key's prefix and last four characters, like {@code sk-…abcd}
	 */
	record Me(long id, String username, Instant createdAt, boolean hasApiKey, @Nullable String apiKeyHint) {

		static Me of(User user) {
			return new Me(user.getId(), user.getUsername(), user.getCreatedAt(), user.getApiKey() != null,
					user.getApiKeyHint());
		}

	}

	/**
	 * A successful login.
	 *
	 * @param accessToken the bearer token
	 * @param tokenType always {@code Bearer}
	 * @param expiresIn the token's lifetime in seconds
	 */
	record Token(String accessToken, String tokenType, long expiresIn) {
	}

}
