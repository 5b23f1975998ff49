package dev.askdb.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.chat.ChatAnswer;
import dev.askdb.chat.ChatListener;
import dev.askdb.chat.ChatProperties;
import dev.askdb.chat.ChatRequest;
import dev.askdb.chat.ChatRole;
import dev.askdb.chat.HistoryMessage;
import dev.askdb.chat.HistoryQuery;
import dev.askdb.chat.RecalledMessage;
import dev.askdb.chat.SqlChat;
import dev.askdb.chat.Tokenizer;
import dev.askdb.conversation.ConversationResponses.MessageResponse;
import dev.askdb.database.DatabaseService;
import dev.askdb.database.StoredDatabase;
import dev.askdb.memory.MessageMemory;
import dev.askdb.user.UserService;
import dev.askdb.web.Problems;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Turns a question into a stored reply: stores the question in its own transaction, asks
 * the model with no transaction or connection held while it waits, then stores the reply
 * in a second transaction.
 *
 * <p>
 * Each message's index is allocated by counting it into its conversation's row inside the
 * transaction that stores it, so concurrent posts on any number of instances get dense,
 * unique indexes; the unique constraint on (conversation, index) is only the last guard.
 * When the model cannot answer, the question stays stored and the problem carries it as
 * {@code userMessage}.
 */
@Service
class MessageExchange {

	private static final Logger logger = LoggerFactory.getLogger(MessageExchange.class);

	private static final int MESSAGE_OVERHEAD_TOKENS = 8;

	private final ConversationRepository conversations;

	private final MessageRepository messages;

	private final DatabaseService databases;

	private final UserService users;

	private final SqlChat chat;

	private final Tokenizer tokenizer;

	private final MessageMemory memory;

	private final ConversationProperties properties;

	private final int historyShareTokens;

	private final int promptBudgetTokens;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnly;

	private final JsonMapper json;

	private final Clock clock;

	MessageExchange(ConversationRepository conversations, MessageRepository messages, DatabaseService databases,
			UserService users, SqlChat chat, Tokenizer tokenizer, MessageMemory memory,
			ConversationProperties properties, ChatProperties chatProperties, TransactionTemplate transactions,
			JsonMapper json, Clock clock) {
		this.conversations = conversations;
		this.messages = messages;
		this.databases = databases;
		this.users = users;
		this.chat = chat;
		this.tokenizer = tokenizer;
		this.memory = memory;
		this.properties = properties;
		this.historyShareTokens = (int) (chatProperties.promptBudgetTokens() * chatProperties.historyShare());
		this.promptBudgetTokens = chatProperties.promptBudgetTokens();
		this.transactions = transactions;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Stores a question as the conversation's next message, in its own transaction, and
	 * starts embedding it for the recall meanwhile.
	 * @param ownerId the asking user
	 * @param conversationId the conversation
	 * @param content the question
	 * @return the stored question
	 */
	Message storeQuestion(long ownerId, long conversationId, String content) {
		this.memory.prepare(content);
		Message question = append(ownerId, conversationId, Message.USER, content, null);
		logger.debug("User {} asked in conversation {} at index {}", ownerId, conversationId, question.getIndex());
		return question;
	}

	/**
	 * Asks the model about a stored question and stores its reply.
	 * @param ownerId the asking user
	 * @param question the stored question
	 * @param listener receives the reply's pieces and queries as they come, or
	 * {@code null} for one piece
	 * @return the stored reply
	 * @throws ErrorResponseException the model's or the server's failure, carrying the
	 * question as {@code userMessage}
	 */
	Message answer(long ownerId, Message question, @Nullable ChatListener listener) {
		long started = System.nanoTime();
		try {
			ChatRequest request = request(ownerId, question);
			String apiKey = this.users.apiKeyForModelCall(ownerId).orElse(null);
			ChatAnswer answer = (listener != null) ? this.chat.stream(apiKey, request, listener)
					: this.chat.ask(apiKey, request);
			Message reply = append(ownerId, question.getConversationId(), Message.ASSISTANT, answer.content(), answer);
			logger.info("Answered in conversation {} for user {}: {} queries, {}+{} tokens, {} ms",
					question.getConversationId(), ownerId, answer.queries().size(), answer.usage().promptTokens(),
					answer.usage().completionTokens(), (System.nanoTime() - started) / 1_000_000);
			return reply;
		}
		catch (ErrorResponseException ex) {
			logger.info("No answer in conversation {} for user {}: {}", question.getConversationId(), ownerId,
					ex.getStatusCode());
			ex.getBody().setProperty("userMessage", MessageResponse.of(question, this.json));
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.error("Answering in conversation {} failed", question.getConversationId(), ex);
			ErrorResponseException failure = Problems.exception(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
					"Internal error", "The question was stored, but no answer could be produced; ask again later.");
			failure.getBody().setProperty("userMessage", MessageResponse.of(question, this.json));
			throw failure;
		}
	}

	private Message append(long ownerId, long conversationId, String role, String content,
			@Nullable ChatAnswer answer) {
		Message stored = store(ownerId, conversationId, role, content, answer);
		this.memory.remember(stored.getId(), conversationId, stored.getIndex(), content);
		return stored;
	}

	private Message store(long ownerId, long conversationId, String role, String content, @Nullable ChatAnswer answer) {
		return this.transactions.execute((status) -> {
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			if (this.conversations.countInMessage(conversationId, ownerId, now) == 0) {
				throw Problems.notFound();
			}
			int index = this.conversations.findMessageCount(conversationId) - 1;
			Message message = new Message(conversationId, index, role, content, this.tokenizer.count(content), now);
			if (answer != null) {
				message.attachReplyDetails(
						answer.queries().isEmpty() ? null : this.json.writeValueAsString(answer.queries()),
						this.json.writeValueAsString(answer.prompt().recalledIndexes()), answer.usage().promptTokens(),
						answer.usage().completionTokens());
				this.conversations.addTokens(conversationId, answer.usage().promptTokens(),
						answer.usage().completionTokens());
			}
			return this.messages.saveAndFlush(message);
		});
	}

	private ChatRequest request(long ownerId, Message question) {
		record Context(StoredDatabase database, List<Message> history) {
		}
		Context context = this.readOnly.execute((status) -> {
			Conversation conversation = this.conversations.findByIdAndOwnerId(question.getConversationId(), ownerId)
				.orElseThrow(() -> Problems.notFound());
			StoredDatabase database = this.databases.get(ownerId, conversation.getDatabaseId());
			int fitting = fittingHistory(conversation.getId(), question.getIndex());
			List<Message> history = this.messages.findByConversationIdAndIndexLessThanOrderByIndexDesc(
					conversation.getId(), question.getIndex(), Limit.of(fitting));
			return new Context(database, history);
		});
		List<RecalledMessage> recalled = recall(question, context.history());
		return new ChatRequest(this.databases.file(context.database()), context.database().getName(),
				context.database().getUserDescription(), context.database().getMachineDescription(),
				this.databases.schema(context.database()), context.history().stream().map(this::history).toList(),
				recalled, question.getContent());
	}

	/**
	 * Recalls earlier messages that bear on the question from before the recent turns
	 * that go into the prompt whole, best first.
	 */
	private List<RecalledMessage> recall(Message question, List<Message> newestFirst) {
		int before = recentWindowStart(question.getIndex(), newestFirst);
		List<dev.askdb.memory.RecalledMessage> found = this.readOnly
			.execute((status) -> this.memory.recall(question.getConversationId(), question.getContent(), before));
		return found.stream()
			.sorted(Comparator.comparingDouble(dev.askdb.memory.RecalledMessage::score)
				.reversed()
				.thenComparing(dev.askdb.memory.RecalledMessage::matched, Comparator.reverseOrder()))
			.map((message) -> new RecalledMessage(message.index(),
					Message.USER.equals(message.role()) ? ChatRole.USER : ChatRole.ASSISTANT, message.content()))
			.toList();
	}

	/**
	 * How many of the most recent messages could fit the whole prompt budget at all, by
	 * their stored token counts, so that only those are read whole.
	 */
	private int fittingHistory(long conversationId, int before) {
		List<Integer> counts = this.messages.findRecentTokenCounts(conversationId, before,
				Limit.of(this.properties.historyMessages()));
		int left = this.promptBudgetTokens;
		int fitting = 0;
		for (int count : counts) {
			left -= count + MESSAGE_OVERHEAD_TOKENS;
			if (left < 0) {
				break;
			}
			fitting++;
		}
		return Math.max(1, fitting);
	}

	/**
	 * The lowest index of the recent turns that fit the history share of the prompt, by
	 * the token counts stored with each message; recall looks only below it.
	 */
	private int recentWindowStart(int questionIndex, List<Message> newestFirst) {
		int start = questionIndex;
		int left = this.historyShareTokens;
		for (Message message : newestFirst) {
			left -= message.getTokenCount() + MESSAGE_OVERHEAD_TOKENS;
			if (left < 0) {
				break;
			}
			start = message.getIndex();
		}
		return start;
	}

	private HistoryMessage history(Message message) {
		ChatRole role = Message.USER.equals(message.getRole()) ? ChatRole.USER : ChatRole.ASSISTANT;
		return new HistoryMessage(message.getIndex(), role, message.getContent(), queries(message));
	}

	private List<HistoryQuery> queries(Message message) {
		if (message.getQueriesJson() == null) {
			return List.of();
		}
		return this.json.readTree(message.getQueriesJson())
			.valueStream()
			.map((query) -> new HistoryQuery(query.path("sql").asString(""), query.path("rows").size(),
					query.path("truncated").asBoolean(false),
					query.path("error").isTextual() ? query.path("error").asString() : null))
			.toList();
	}

}
