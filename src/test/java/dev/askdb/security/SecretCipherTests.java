package dev.askdb.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.askdb.security.SecretCipher.SealedSecret;
import dev.askdb.store.DataFolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * AES-256-GCM sealing of secrets: fresh nonces, tamper and context checks, generated
 * master keys, and rotation.
 */
class SecretCipherTests {

	@TempDir
	Path dataDir;

	@Test
	void sealsTheSameSecretDifferentlyEachTime() {
		SecretCipher cipher = cipher(key(), List.of());

		SealedSecret first = cipher.encrypt("sk-secret", "user:1");
		SealedSecret second = cipher.encrypt("sk-secret", "user:1");

		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext()).doesNotContain("sk-secret");
		assertThat(cipher.decrypt(first, "user:1")).isEqualTo("sk-secret");
		assertThat(cipher.decrypt(second, "user:1")).isEqualTo("sk-secret");
	}

	@Test
	void refusesATamperedCiphertextOrAnotherContext() {
		SecretCipher cipher = cipher(key(), List.of());
		SealedSecret sealed = cipher.encrypt("sk-secret", "user:1");
		byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
		bytes[bytes.length - 1] ^= 1;
		SealedSecret tampered = new SealedSecret(sealed.keyId(), Base64.getEncoder().encodeToString(bytes));

		assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt(tampered, "user:1"));
		assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt(sealed, "user:2"));
	}

	@Test
	void decryptsWithAPreviousKeyAndSealsAgainWithTheCurrentOne() {
		String oldKey = key();
		SealedSecret sealedBefore = cipher(oldKey, List.of()).encrypt("sk-secret", "user:1");
		SecretCipher rotated = cipher(key(), List.of(oldKey));

		String plain = rotated.decrypt(sealedBefore, "user:1");
		SealedSecret sealedAfter = rotated.encrypt(plain, "user:1");

		assertThat(plain).isEqualTo("sk-secret");
		assertThat(rotated.needsRotation(sealedBefore)).isTrue();
		assertThat(rotated.needsRotation(sealedAfter)).isFalse();
		assertThat(sealedAfter.keyId()).isEqualTo(rotated.currentKeyId()).isNotEqualTo(sealedBefore.keyId());
	}

	@Test
	void generatesTheMasterKeyOnceWithOwnerOnlyPermissions() throws Exception {
		SealedSecret sealed = cipher(null, List.of()).encrypt("sk-secret", "user:1");
		SecretCipher restarted = cipher(null, List.of());

		Path keyFile = this.dataDir.resolve("encryption-key");
		assertThat(restarted.decrypt(sealed, "user:1")).isEqualTo("sk-secret");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
	}

	@Test
	void refusesAMasterKeyOfTheWrongSize() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

		assertThatIllegalStateException().isThrownBy(() -> cipher(shortKey, List.of()));
	}

	private SecretCipher cipher(String key, List<String> previous) {
		return new SecretCipher(
				new SecurityProperties(null, Duration.ofHours(1), key, previous, new SecurityProperties.Login(5, 20,
						Duration.ofMinutes(15), Duration.ofSeconds(15), Duration.ofMinutes(5), 1000)),
				new DataFolder(this.dataDir));
	}

	private static String key() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
