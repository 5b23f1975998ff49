package dev.askdb.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.database.DatabaseService;
import dev.askdb.database.StoredDatabase;
import dev.askdb.memory.MessageMemory;
import dev.askdb.web.Problems;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations and their messages, always within one owner's: create, list, rename,
 * delete, and read messages a page at a time by index.
 */
@Service
class ConversationService {

	private static final Logger logger = LoggerFactory.getLogger(ConversationService.class);

	private final ConversationRepository conversations;

	private final MessageRepository messages;

	private final DatabaseService databases;

	private final MessageMemory memory;

	private final RecentMessages recent;

	private final Clock clock;

	ConversationService(ConversationRepository conversations, MessageRepository messages, DatabaseService databases,
			MessageMemory memory, RecentMessages recent, Clock clock) {
		this.memory = memory;
		this.recent = recent;
		this.conversations = conversations;
		this.messages = messages;
		this.databases = databases;
		this.clock = clock;
	}

	@Transactional
	Conversation create(long ownerId, long databaseId, @Nullable String name) {
		StoredDatabase database = this.databases.get(ownerId, databaseId);
		String chosen = (name != null && !name.isBlank()) ? name.strip() : "Conversation about " + database.getName();
		Conversation conversation = this.conversations
			.save(new Conversation(ownerId, databaseId, truncate(chosen, 200), now()));
		logger.info("User {} started conversation {} on database {}", ownerId, conversation.getId(), databaseId);
		return conversation;
	}

	@Transactional(readOnly = true)
	Page<Conversation> list(long ownerId, @Nullable Long databaseId, int page, int size) {
		PageRequest request = PageRequest.of(page, size,
				Sort.by(Sort.Order.desc("lastModified"), Sort.Order.desc("id")));
		if (databaseId == null) {
			return this.conversations.findByOwnerId(ownerId, request);
		}
		return this.conversations.findByOwnerIdAndDatabaseId(ownerId, databaseId, request);
	}

	@Transactional(readOnly = true)
	Conversation get(long ownerId, long conversationId) {
		return this.conversations.findByIdAndOwnerId(conversationId, ownerId).orElseThrow(() -> Problems.notFound());
	}

	@Transactional
	Conversation rename(long ownerId, long conversationId, String name) {
		Conversation conversation = get(ownerId, conversationId);
		conversation.rename(name.strip(), now());
		return conversation;
	}

	@Transactional
	void delete(long ownerId, long conversationId) {
		this.conversations.delete(get(ownerId, conversationId));
		this.memory.forget(conversationId);
		this.recent.forget(conversationId);
		logger.info("User {} deleted conversation {}", ownerId, conversationId);
	}

	@Transactional(readOnly = true)
	List<Message> messages(long ownerId, long conversationId, int after, int limit) {
		get(ownerId, conversationId);
		return this.messages.findByConversationIdAndIndexGreaterThanOrderByIndexAsc(conversationId, after,
				Limit.of(limit));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	static String truncate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

}
