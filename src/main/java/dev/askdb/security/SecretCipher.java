package dev.askdb.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.askdb.store.DataFolder;

import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest with AES-256-GCM under a master key, and records which master
 * key sealed each one so that the master key can be rotated.
 *
 * <p>
 * Every encryption uses a fresh 96-bit random nonce. The caller's context (for example
 * the owning user's id) is bound as associated data, so a ciphertext copied to another
 * row does not decrypt there.
 */
@Component
public class SecretCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final String currentKeyId;

	private final Map<String, SecretKey> keys = new LinkedHashMap<>();

	SecretCipher(SecurityProperties properties, DataFolder dataFolder) {
		SecretKey current = aesKey(
				GeneratedSecrets.configuredOrGenerated(properties.encryptionKey(), dataFolder, "encryption-key", 32));
		this.currentKeyId = keyId(current);
		this.keys.put(this.currentKeyId, current);
		for (String previous : properties.previousEncryptionKeys()) {
			if (!previous.isBlank()) {
				SecretKey key = aesKey(Base64.getDecoder().decode(previous.strip()));
				this.keys.putIfAbsent(keyId(key), key);
			}
		}
	}

	/**
	 * Encrypts a secret under the current master key.
	 * @param plaintext the secret
	 * @param context associated data the ciphertext is bound to
	 * @return the sealed secret
	 */
	public SealedSecret encrypt(String plaintext, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), nonce, context);
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			return new SealedSecret(this.currentKeyId, Base64.getEncoder().encodeToString(stored));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * Decrypts a sealed secret with the master key that sealed it.
	 * @param sealed the sealed secret
	 * @param context the associated data it was sealed with
	 * @return the secret
	 * @throws IllegalStateException when the master key is unknown or the ciphertext was
	 * tampered with
	 */
	public String decrypt(SealedSecret sealed, String context) {
		SecretKey key = this.keys.get(sealed.keyId());
		if (key == null) {
			throw new IllegalStateException("No master key with id " + sealed.keyId() + " is configured");
		}
		byte[] stored = Base64.getDecoder().decode(sealed.ciphertext());
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(stored, NONCE_BYTES), context);
			byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored secret could not be decrypted (wrong key or tampered)", ex);
		}
	}

	/**
	 * The id of the master key that seals new secrets.
	 * @return the key id
	 */
	public String currentKeyId() {
		return this.currentKeyId;
	}

	/**
	 * Tells whether a sealed secret was sealed with an older master key and should be
	 * sealed again.
	 * @param sealed the sealed secret
	 * @return whether it needs re-encryption
	 */
	public boolean needsRotation(SealedSecret sealed) {
		return !this.currentKeyId.equals(sealed.keyId());
	}

	private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static SecretKey aesKey(byte[] bytes) {
		if (bytes.length != 32) {
			throw new IllegalStateException("An encryption key must be exactly 32 bytes (AES-256), base64-encoded");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	private static String keyId(SecretKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A secret encrypted at rest.
	 *
	 * @param keyId which master key sealed it: the first 8 bytes of the key's SHA-256, in
	 * hex
	 * @param ciphertext base64 of the nonce, the ciphertext and the tag
	 */
	public record SealedSecret(String keyId, String ciphertext) {
	}

}
