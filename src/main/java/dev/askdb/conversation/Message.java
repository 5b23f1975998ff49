package dev.askdb.conversation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, at a dense 0-based index: a user's question or the
 * model's reply with the queries it ran (as JSON) and the tokens it used.
 */
@Entity
@Table(name = "messages")
class Message {

	static final String USER = "user";

	static final String ASSISTANT = "assistant";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "conversation_id", nullable = false)
	private long conversationId;

	@Column(name = "message_index", nullable = false)
	private int index;

	@Column(nullable = false, length = 16)
	private String role;

	@Column(nullable = false)
	private String content;

	@Column(name = "queries")
	private @Nullable String queriesJson;

	@Column(name = "recalled")
	private @Nullable String recalledJson;

	@Column(name = "token_count", nullable = false)
	private int tokenCount;

	@Column(name = "prompt_tokens")
	private @Nullable Integer promptTokens;

	@Column(name = "completion_tokens")
	private @Nullable Integer completionTokens;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Message() {
	}

	Message(long conversationId, int index, String role, String content, int tokenCount, Instant createdAt) {
		this.conversationId = conversationId;
		this.index = index;
		this.role = role;
		this.content = content;
		this.tokenCount = tokenCount;
		this.createdAt = createdAt;
	}

	void attachReplyDetails(@Nullable String queriesJson, @Nullable String recalledJson, long promptTokens,
			long completionTokens) {
		this.queriesJson = queriesJson;
		this.recalledJson = recalledJson;
		this.promptTokens = (int) Math.min(Integer.MAX_VALUE, promptTokens);
		this.completionTokens = (int) Math.min(Integer.MAX_VALUE, completionTokens);
	}

	Long getId() {
		return this.id;
	}

	long getConversationId() {
		return this.conversationId;
	}

	int getIndex() {
		return this.index;
	}

	String getRole() {
		return this.role;
	}

	String getContent() {
		return this.content;
	}

	@Nullable String getQueriesJson() {
		return this.queriesJson;
	}

	@Nullable String getRecalledJson() {
		return this.recalledJson;
	}

	int getTokenCount() {
		return this.tokenCount;
	}

	@Nullable Integer getPromptTokens() {
		return this.promptTokens;
	}

	@Nullable Integer getCompletionTokens() {
		return this.completionTokens;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
