package dev.askdb.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The request bodies of the accounts endpoints.
 */
final class UserRequests {

	private UserRequests() {
	}

	/**
	 * Registration and login credentials.
	 *
	 * @param username 3 to 64 of {@code A-Za-z0-9._-}
	 * @param password 8 to 128 characters, used whole
	 */
	record Credentials(
			@NotNull(message = "is required") @Size(min = 3, max = 64, message = "must be 3 to 64 characters") @Pattern(
					regexp = "[A-Za-z0-9._-]*",
					message = "may only contain letters, digits, '.', '_' and '-'") String username,
			@NotNull(message = "is required") @Size(min = 8, max = 128,
					message = "must be 8 to 128 characters") String password) {
	}

	/**
	 * A login: only presence is checked, so that a wrong guess never reveals the rules.
	 *
	 * @param username the username
	 * @param password the password
	 */
	record Login(@NotNull(message = "is required") @Size(max = 256, message = "is too long") String username,
			@NotNull(message = "is required") @Size(max = 1024, message = "is too long") String password) {
	}

	/**
	 * A new OpenAI API key.
	 *
	 * @param apiKey the key, stored encrypted
	 */
	record ApiKey(@NotNull(message = "is required") @Size(min = 8, max = 512,
			message = "must be 8 to 512 characters") @Pattern(regexp = "\\S+",
					message = "must not contain spaces") String apiKey) {
	}

	/**
	 * A password change.
	 *
	 * @param currentPassword the password in use now
	 * @param newPassword the new password, 8 to 128 characters
	 */
	record PasswordChange(@NotNull(message = "is required") @Size(max = 1024) String currentPassword,
			@NotNull(message = "is required") @Size(min = 8, max = 128,
					message = "must be 8 to 128 characters") String newPassword) {
	}

}
