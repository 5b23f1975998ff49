package dev.askdb.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import dev.askdb.store.DataFolder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies a secret from configuration or, when none is configured, from a file in the
 * data folder that is generated once with owner-only permissions.
 */
final class GeneratedSecrets {

	private static final Logger logger = LoggerFactory.getLogger(GeneratedSecrets.class);

	private static final SecureRandom random = new SecureRandom();

	private GeneratedSecrets() {
	}

	static byte[] configuredOrGenerated(@Nullable String configured, DataFolder dataFolder, String fileName,
			int minBytes) {
		if (configured != null && !configured.isBlank()) {
			return decode(configured.strip(), fileName, minBytes);
		}
		Path file = dataFolder.root().resolve(fileName);
		try {
			return decode(readOrCreate(file, minBytes), fileName, minBytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the secret file " + fileName, ex);
		}
	}

	private static String readOrCreate(Path file, int bytes) throws IOException {
		if (!Files.exists(file)) {
			byte[] secret = new byte[bytes];
			random.nextBytes(secret);
			Path temp = Files.createTempFile(file.getParent(), ".secret-", ".tmp");
			try {
				DataFolder.restrictToOwner(temp, "rw-------");
				Files.writeString(temp, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
				Files.createLink(file, temp);
				logger.info("Generated a new secret in the data folder: {}", file.getFileName());
			}
			catch (FileAlreadyExistsException ex) {
				// Another instance on the same folder won the race; use its secret.
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		return Files.readString(file, StandardCharsets.US_ASCII).strip();
	}

	private static byte[] decode(String base64, String name, int minBytes) {
		byte[] secret;
		try {
			secret = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The secret for " + name + " is not valid base64");
		}
		if (secret.length < minBytes) {
			throw new IllegalStateException(
					"The secret for " + name + " must be at least " + minBytes + " bytes (" + minBytes * 8 + " bits)");
		}
		return secret;
	}

}
