package dev.askdb.security;

import java.util.OptionalInt;

/**
 * Tells the token filter whether an account still exists and which token version it is
 * at; implemented by the accounts feature so that security does not depend on it.
 */
public interface AccountStatus {

	/**
	 * The account's current token version.
	 * @param userId the account id
	 * @return the version, or empty when the account no longer exists
	 */
	OptionalInt currentTokenVersion(long userId);

}
