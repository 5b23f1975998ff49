package dev.askdb.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code message_embeddings} table and the message reads recall needs, in SQL that
 * SQLite and PostgreSQL both understand.
 */
class EmbeddingStore {

	/**
	 * How many vectors one read fetches; reads go page by page so that no query holds a
	 * whole conversation.
	 */
	static final int PAGE_SIZE = 1000;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	EmbeddingStore(JdbcTemplate template) {
		this.template = template;
		this.jdbc = JdbcClient.create(template);
	}

	/**
	 * Stores a message's vector unless it has one, taking its conversation and index from
	 * the message row itself.
	 * @param messageId the message
	 * @param conversationId the conversation the caller says it belongs to
	 * @param model the model's name
	 * @param vector the vector
	 * @return whether a row was written; not when the message is gone, belongs elsewhere
	 * or has a vector already
	 */
	boolean save(long messageId, long conversationId, String model, QuantizedVector vector) {
		return this.jdbc.sql("""
				INSERT INTO message_embeddings (message_id, conversation_id, message_index, model, scale, vector)
				SELECT m.id, m.conversation_id, m.message_index, ?, ?, ? FROM messages m
				WHERE m.id = ? AND m.conversation_id = ?
				ON CONFLICT (message_id) DO NOTHING""")
			.params(model, vector.scale(), vector.values(), messageId, conversationId)
			.update() == 1;
	}

	/**
	 * Stores the vectors of several messages in one statement batch.
	 * @param embedded the messages and their vectors
	 * @param model the model's name
	 * @return how many rows were written
	 */
	int saveAll(List<EmbeddedMessage> embedded, String model) {
		List<Object[]> rows = new ArrayList<>(embedded.size());
		for (EmbeddedMessage message : embedded) {
			rows.add(new Object[] { model, message.vector().scale(), message.vector().values(),
					message.message().messageId(), message.message().conversationId() });
		}
		int written = 0;
		for (int count : this.template.batchUpdate("""
				INSERT INTO message_embeddings (message_id, conversation_id, message_index, model, scale, vector)
				SELECT m.id, m.conversation_id, m.message_index, ?, ?, ? FROM messages m
				WHERE m.id = ? AND m.conversation_id = ?
				ON CONFLICT (message_id) DO NOTHING""", rows)) {
			written += Math.max(count, 0);
		}
		return written;
	}

	/**
	 * Reads one page of a conversation's vectors in message order.
	 * @param conversationId the conversation
	 * @param fromIndex the first message index to read
	 * @param beforeIndex the first message index not to read
	 * @return up to {@link #PAGE_SIZE} vectors
	 */
	List<IndexedVector> page(long conversationId, int fromIndex, int beforeIndex) {
		return this.jdbc.sql("""
				SELECT message_index, scale, vector FROM message_embeddings
				WHERE conversation_id = ? AND message_index >= ? AND message_index < ?
				ORDER BY message_index LIMIT ?""")
			.params(conversationId, fromIndex, beforeIndex, PAGE_SIZE)
			.query((rs, row) -> new IndexedVector(rs.getInt(1), new QuantizedVector(rs.getBytes(3), rs.getFloat(2))))
			.list();
	}

	/**
	 * Reads some messages of one conversation.
	 * @param conversationId the conversation
	 * @param indexes the message indexes
	 * @return the messages found, in index order
	 */
	List<StoredMessage> messages(long conversationId, Collection<Integer> indexes) {
		if (indexes.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT id, message_index, role, content, token_count FROM messages
				WHERE conversation_id = :conversation AND message_index IN (:indexes)
				ORDER BY message_index""")
			.param("conversation", conversationId)
			.param("indexes", indexes)
			.query((rs, row) -> new StoredMessage(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
					rs.getInt(5)))
			.list();
	}

	/**
	 * Finds messages without a vector, oldest first, reading only the beginning of each.
	 * @param fromMessageId the lowest message id to consider
	 * @param limit the most messages to return
	 * @param maxChars how many characters of each message to read
	 * @return the messages
	 */
	List<PendingMessage> missing(long fromMessageId, int limit, int maxChars) {
		return this.jdbc.sql("""
				SELECT m.id, m.conversation_id, m.message_index, substr(m.content, 1, ?) FROM messages m
				WHERE m.id >= ? AND NOT EXISTS (SELECT 1 FROM message_embeddings e WHERE e.message_id = m.id)
				ORDER BY m.id LIMIT ?""")
			.params(maxChars, fromMessageId, limit)
			.query((rs, row) -> new PendingMessage(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4)))
			.list();
	}

	long highestMessageId() {
		return this.jdbc.sql("SELECT coalesce(max(id), 0) FROM messages").query(Long.class).single();
	}

	/**
	 * A vector and the index of its message.
	 *
	 * @param index the message index
	 * @param vector the vector
	 */
	record IndexedVector(int index, QuantizedVector vector) {

	}

	/**
	 * A message as recall returns it.
	 *
	 * @param id the message id
	 * @param index the message index
	 * @param role the role
	 * @param content the content
	 * @param tokenCount the stored token count
	 */
	record StoredMessage(long id, int index, String role, String content, int tokenCount) {

	}

	/**
	 * A message waiting for its embedding.
	 *
	 * @param messageId the message id
	 * @param conversationId its conversation
	 * @param index its index
	 * @param content its text, or its beginning
	 */
	record PendingMessage(long messageId, long conversationId, int index, String content) {

	}

	/**
	 * A message and its computed vector, ready to be stored.
	 *
	 * @param message the message
	 * @param vector the vector
	 */
	record EmbeddedMessage(PendingMessage message, QuantizedVector vector) {

	}

}
