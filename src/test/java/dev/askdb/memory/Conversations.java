package dev.askdb.memory;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inserts users, databases, conversations and messages with plain SQL, as fixtures for
 * memory tests and the recall benchmark.
 */
public final class Conversations {

	private final JdbcClient jdbc;

	public Conversations(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/**
	 * A new user with one database.
	 * @return the database's id; its owner is {@link #ownerOf(long)}
	 */
	public long newDatabase() {
		String name = UUID.randomUUID().toString();
		long userId = this.jdbc.sql("""
				INSERT INTO users (username, password_hash, created_at)
				VALUES (?, 'x', CURRENT_TIMESTAMP) RETURNING id""")
			.params(name.substring(0, 30))
			.query(Long.class)
			.single();
		return this.jdbc.sql("""
				INSERT INTO databases (owner_id, name, file_name, size_bytes, table_count, sha256, created_at)
				VALUES (?, 'shop', ?, 1, 1, 'x', CURRENT_TIMESTAMP) RETURNING id""")
			.params(userId, name)
			.query(Long.class)
			.single();
	}

	public long ownerOf(long databaseId) {
		return this.jdbc.sql("SELECT owner_id FROM databases WHERE id = ?")
			.params(databaseId)
			.query(Long.class)
			.single();
	}

	/**
	 * A new conversation on a database.
	 * @param databaseId the database
	 * @return the conversation's id
	 */
	public long newConversation(long databaseId) {
		return this.jdbc.sql("""
				INSERT INTO conversations (owner_id, database_id, name, created_at, last_modified)
				VALUES (?, ?, 'talk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id""")
			.params(ownerOf(databaseId), databaseId)
			.query(Long.class)
			.single();
	}

	/**
	 * Stores a message the way the conversation service does, without an embedding.
	 * @param conversationId the conversation
	 * @param index its index
	 * @param content its text; the role alternates, user on even indexes
	 * @return the message id
	 */
	public long addMessage(long conversationId, int index, String content) {
		return this.jdbc.sql("""
				INSERT INTO messages (conversation_id, message_index, role, content, token_count, created_at)
				VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP) RETURNING id""")
			.params(conversationId, index, roleAt(index), content, content.length() / 4 + 1)
			.query(Long.class)
			.single();
	}

	public static String roleAt(int index) {
		return (index % 2 == 0) ? "user" : "assistant";
	}

	public long embeddings(long conversationId) {
		return this.jdbc.sql("SELECT count(*) FROM message_embeddings WHERE conversation_id = ?")
			.params(conversationId)
			.query(Long.class)
			.single();
	}

	public long allEmbeddings() {
		return this.jdbc.sql("SELECT count(*) FROM message_embeddings").query(Long.class).single();
	}

	public void deleteConversation(long conversationId) {
		this.jdbc.sql("DELETE FROM conversations WHERE id = ?").params(conversationId).update();
	}

	public void deleteUser(long userId) {
		this.jdbc.sql("DELETE FROM users WHERE id = ?").params(userId).update();
	}

}
