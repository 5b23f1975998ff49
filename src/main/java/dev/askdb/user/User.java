package dev.askdb.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import dev.askdb.security.SecretCipher.SealedSecret;

/**
 * An account: a username, an Argon2id password hash, and the user's OpenAI API key sealed
 * with AES-GCM.
 */
@Entity
@Table(name = "users")
public class User {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 64)
	private String username;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(name = "api_key_ciphertext")
	private @Nullable String apiKeyCiphertext;

	@Column(name = "api_key_key_id", length = 32)
	private @Nullable String apiKeyKeyId;

	@Column(name = "api_key_hint", length = 32)
	private @Nullable String apiKeyHint;

	@Column(name = "token_version", nullable = false)
	private int tokenVersion;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected User() {
	}

	User(String username, String passwordHash, Instant createdAt) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.createdAt = createdAt;
	}

	public Long getId() {
		return this.id;
	}

	public String getUsername() {
		return this.username;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	public int getTokenVersion() {
		return this.tokenVersion;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	@Nullable String getApiKeyHint() {
		return this.apiKeyHint;
	}

	@Nullable SealedSecret getApiKey() {
		if (this.apiKeyCiphertext == null || this.apiKeyKeyId == null) {
			return null;
		}
		return new SealedSecret(this.apiKeyKeyId, this.apiKeyCiphertext);
	}

	void setApiKey(@Nullable SealedSecret sealed, @Nullable String hint) {
		this.apiKeyCiphertext = (sealed != null) ? sealed.ciphertext() : null;
		this.apiKeyKeyId = (sealed != null) ? sealed.keyId() : null;
		this.apiKeyHint = hint;
	}

	void changePassword(String passwordHash) {
		this.passwordHash = passwordHash;
		this.tokenVersion++;
	}

}
