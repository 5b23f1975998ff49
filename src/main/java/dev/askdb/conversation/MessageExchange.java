package dev.askdb.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
import dev.askdb.conversation.RecentMessages.RecentMessage;
import dev.askdb.database.DatabaseService;
import dev.askdb.database.StoredDatabase;
import dev.askdb.memory.MessageMemory;
import dev.askdb.user.UserService;
import dev.askdb.web.Problems;

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

	private final RecallPool recalls;

	private final RecentMessages recent;

	MessageExchange(ConversationRepository conversations, MessageRepository messages, DatabaseService databases,
			UserService users, SqlChat chat, Tokenizer tokenizer, MessageMemory memory,
			ConversationProperties properties, ChatProperties chatProperties, TransactionTemplate transactions,
			JsonMapper json, Clock clock, RecallPool recalls, RecentMessages recent) {
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
		this.recalls = recalls;
		this.recent = recent;
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
			CompletableFuture<List<RecalledMessage>> recalled = CompletableFuture.supplyAsync(() -> recall(question),
					this.recalls);
			String apiKey = this.users.apiKeyForModelCall(ownerId).orElse(null);
			long keyed = System.nanoTime();
			ChatRequest request = request(ownerId, question, recalled);
			long prepared = System.nanoTime();
			ChatAnswer answer = (listener != null) ? this.chat.stream(apiKey, request, listener)
					: this.chat.ask(apiKey, request);
			long answered = System.nanoTime();
			Message reply = append(ownerId, question.getConversationId(), Message.ASSISTANT, answer.content(), answer);
			logger.debug("Answer phases in conversation {}: key {} ms, prompt context {} ms, model {} ms, store {} ms",
					question.getConversationId(), millis(started, keyed), millis(keyed, prepared),
					millis(prepared, answered), millis(answered, System.nanoTime()));
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
		this.recent.stored(conversationId, recentMessage(stored.getIndex(), stored.getRole(), stored.getContent(),
				stored.getQueriesJson(), stored.getTokenCount()));
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

	/**
	 * Reads what the prompt needs besides the recalled messages, then waits for those.
	 */
	private ChatRequest request(long ownerId, Message question, CompletableFuture<List<RecalledMessage>> recall) {
		record Context(StoredDatabase database, List<HistoryMessage> history) {
		}
		long start = System.nanoTime();
		Context context = this.readOnly.execute((status) -> {
			Conversation conversation = this.conversations.findByIdAndOwnerId(question.getConversationId(), ownerId)
				.orElseThrow(() -> Problems.notFound());
			StoredDatabase database = this.databases.get(ownerId, conversation.getDatabaseId());
			List<RecentMessage> recent = recentMessages(question);
			int fitting = fitting(recent, this.promptBudgetTokens);
			List<HistoryMessage> history = recent.subList(0, Math.min(recent.size(), Math.max(1, fitting)))
				.stream()
				.map(RecentMessage::message)
				.toList();
			return new Context(database, history);
		});
		long read = System.nanoTime();
		List<RecalledMessage> recalled = recall.join();
		logger.debug(
				"Prepared the question at index {} of conversation {}: {} history messages read in {} ms, "
						+ "then waited {} ms for {} recalled",
				question.getIndex(), question.getConversationId(), context.history().size(), millis(start, read),
				millis(read, System.nanoTime()), recalled.size());
		return new ChatRequest(this.databases.file(context.database()), context.database().getName(),
				context.database().getUserDescription(), context.database().getMachineDescription(),
				this.databases.schema(context.database()), context.history(), recalled, question.getContent());
	}

	/**
	 * Recalls earlier messages that bear on the question from before the recent turns
	 * that go into the prompt whole, best first; runs on the recall pool while the rest
	 * of the prompt is read. The question's conversation was checked to be the asker's
	 * when the question was stored. A recall that fails is logged and the question is
	 * answered without it.
	 */
	private List<RecalledMessage> recall(Message question) {
		List<dev.askdb.memory.RecalledMessage> found;
		try {
			found = this.readOnly.execute((status) -> {
				List<RecentMessage> recent = recentMessages(question);
				int windowSize = fitting(recent, this.historyShareTokens);
				int before = (windowSize == 0) ? question.getIndex() : recent.get(windowSize - 1).index();
				return this.memory.recall(question.getConversationId(), question.getContent(), before);
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Recall failed in conversation {}; answering without earlier messages",
					question.getConversationId(), ex);
			return List.of();
		}
		return found.stream()
			.sorted(Comparator.comparingDouble(dev.askdb.memory.RecalledMessage::score)
				.reversed()
				.thenComparing(dev.askdb.memory.RecalledMessage::matched, Comparator.reverseOrder()))
			.map((message) -> new RecalledMessage(message.index(),
					Message.USER.equals(message.role()) ? ChatRole.USER : ChatRole.ASSISTANT, message.content()))
			.toList();
	}

	/**
	 * The messages before a question, newest first, as many as the prompt may show at
	 * most: those held by {@link RecentMessages}, and from the store those it lacks. Call
	 * it inside a transaction.
	 */
	private List<RecentMessage> recentMessages(Message question) {
		long conversationId = question.getConversationId();
		return this.recent.before(conversationId, question.getIndex(), (from,
				to) -> this.messages.findTexts(conversationId, from, to).stream().map(this::recentMessage).toList());
	}

	/**
	 * How many of the most recent messages fit some tokens, newest first, by the token
	 * counts stored with each: those that fit the whole budget are read whole, and those
	 * that fit the history share form the recent window, below which recall looks.
	 */
	private static int fitting(List<RecentMessage> newestFirst, int tokens) {
		int left = tokens;
		int fitting = 0;
		for (RecentMessage message : newestFirst) {
			left -= message.tokenCount() + MESSAGE_OVERHEAD_TOKENS;
			if (left < 0) {
				break;
			}
			fitting++;
		}
		return fitting;
	}

	private RecentMessage recentMessage(MessageText message) {
		return recentMessage(message.index(), message.role(), message.content(), message.queriesJson(),
				message.tokenCount());
	}

	private RecentMessage recentMessage(int index, String role, String content, @Nullable String queriesJson,
			int tokenCount) {
		ChatRole chatRole = Message.USER.equals(role) ? ChatRole.USER : ChatRole.ASSISTANT;
		return new RecentMessage(new HistoryMessage(index, chatRole, content, queries(queriesJson)), tokenCount);
	}

	private List<HistoryQuery> queries(@Nullable String queriesJson) {
		if (queriesJson == null) {
			return List.of();
		}
		return this.json.readTree(queriesJson)
			.valueStream()
			.map((query) -> new HistoryQuery(query.path("sql").asString(""), query.path("rows").size(),
					query.path("truncated").asBoolean(false),
					query.path("error").isTextual() ? query.path("error").asString() : null))
			.toList();
	}

	private static double millis(long fromNanos, long toNanos) {
		return Math.round((toNanos - fromNanos) / 100_000.0) / 10.0;
	}

}
