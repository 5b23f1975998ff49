package dev.askdb.conversation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A conversation about one database: its name, owner, how many messages it holds (which
 * is also the next message's index) and the tokens its replies have used.
 */
@Entity
@Table(name = "conversations")
class Conversation {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "owner_id", nullable = false)
	private long ownerId;

	@Column(name = "database_id", nullable = false)
	private long databaseId;

	@Column(nullable = false, length = 200)
	private String name;

	@Column(name = "message_count", nullable = false)
	private int messageCount;

	@Column(name = "prompt_tokens", nullable = false)
	private long promptTokens;

	@Column(name = "completion_tokens", nullable = false)
	private long completionTokens;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "last_modified", nullable = false)
	private Instant lastModified;

	protected Conversation() {
	}

	Conversation(long ownerId, long databaseId, String name, Instant now) {
		this.ownerId = ownerId;
		this.databaseId = databaseId;
		this.name = name;
		this.createdAt = now;
		this.lastModified = now;
	}

	Long getId() {
		return this.id;
	}

	long getOwnerId() {
		return this.ownerId;
	}

	long getDatabaseId() {
		return this.databaseId;
	}

	String getName() {
		return this.name;
	}

	int getMessageCount() {
		return this.messageCount;
	}

	long getPromptTokens() {
		return this.promptTokens;
	}

	long getCompletionTokens() {
		return this.completionTokens;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getLastModified() {
		return this.lastModified;
	}

	void rename(String name, Instant now) {
		this.name = name;
		this.lastModified = now;
	}

}
