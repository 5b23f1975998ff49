package dev.askdb.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.security.SecretCipher;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, seals again every API key that an earlier master key sealed, so that an
 * old master key can be retired after one restart with it listed in
 * {@code askdb.security.previous-encryption-keys}.
 */
@Component
class ApiKeyRotation implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyRotation.class);

	private final UserService users;

	private final SecretCipher cipher;

	ApiKeyRotation(UserService users, SecretCipher cipher) {
		this.users = users;
		this.cipher = cipher;
	}

	@Override
	public void run(ApplicationArguments args) {
		int resealed = this.users.resealApiKeys(this.cipher.currentKeyId());
		if (resealed > 0) {
			logger.info("Sealed {} stored API keys with the current master key", resealed);
		}
	}

}
