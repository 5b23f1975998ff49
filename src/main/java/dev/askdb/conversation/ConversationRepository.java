package dev.askdb.conversation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Finds conversations within one owner's, and allocates message indexes.
 */
interface ConversationRepository extends JpaRepository<Conversation, Long> {

	Optional<Conversation> findByIdAndOwnerId(long id, long ownerId);

	Page<Conversation> findByOwnerId(long ownerId, Pageable pageable);

	Page<Conversation> findByOwnerIdAndDatabaseId(long ownerId, long databaseId, Pageable pageable);

	/**
	 * Takes the next message index of a conversation by counting the message in. The
	 * update locks the conversation's row (PostgreSQL) or takes SQLite's single write
	 * lock until the transaction ends, so concurrent posts, from this instance or
	 * another, allocate one after the other.
	 * @param id the conversation
	 * @param ownerId its owner
	 * @param now the new last-modified time
	 * @return 1 when allocated, 0 when the conversation is not the owner's
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update Conversation c set c.messageCount = c.messageCount + 1, c.lastModified = ?3
			where c.id = ?1 and c.ownerId = ?2""")
	int countInMessage(long id, long ownerId, Instant now);

	@Query("select c.messageCount from Conversation c where c.id = ?1")
	int findMessageCount(long id);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update Conversation c set c.promptTokens = c.promptTokens + ?2,
			c.completionTokens = c.completionTokens + ?3 where c.id = ?1""")
	int addTokens(long id, long promptTokens, long completionTokens);

}
