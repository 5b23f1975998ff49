package dev.askdb.conversation;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Reads a conversation's messages by index, a bounded slice at a time.
 */
interface MessageRepository extends JpaRepository<Message, Long> {

	List<Message> findByConversationIdAndIndexGreaterThanOrderByIndexAsc(long conversationId, int after, Limit limit);

	@Query("""
			select new dev.askdb.conversation.MessageText(m.index, m.role, m.content, m.queriesJson, m.tokenCount)
			from Message m where m.conversationId = ?1 and m.index >= ?2 and m.index < ?3 order by m.index""")
	List<MessageText> findTexts(long conversationId, int from, int to);

	List<Message> findByConversationIdAndIndexInOrderByIndexAsc(long conversationId, List<Integer> indexes);

}
