package dev.askdb.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.askdb.sql.ReadOnlySqlRunner;

/**
 * Answers a question about a SQLite database with the language model, letting it run
 * read-only SQL through the {@code run_sql} tool for a bounded number of rounds.
 *
 * <p>
 * Every call takes the user's decrypted API key as a parameter and drops it afterwards;
 * the key is never logged or kept.
 */
@Service
public class SqlChat {

	static final String OUT_OF_ROUNDS = "I could not reach an answer within the queries I may run for one question. "
			+ "Try asking more narrowly.";

	static final String EMPTY_REPLY = "The language model gave an empty reply. Try asking again.";

	private static final Logger logger = LoggerFactory.getLogger(SqlChat.class);

	private final ChatProperties properties;

	private final PromptBuilder promptBuilder;

	private final ModelClients clients;

	private final SqlTool tool;

	private final ProviderFailures failures;

	public SqlChat(ChatProperties properties, PromptBuilder promptBuilder, ReadOnlySqlRunner runner,
			ModelClients clients) {
		this.properties = properties;
		this.promptBuilder = promptBuilder;
		this.clients = clients;
		this.tool = new SqlTool(runner, properties);
		this.failures = new ProviderFailures(properties.defaultRetryAfter());
	}

	/**
	 * Answers a question in one piece.
	 * @param apiKey the user's decrypted OpenAI key, or {@code null} when none is stored
	 * @param request the database, conversation and question
	 * @return the reply with the queries it ran
	 * @throws MissingApiKeyException when there is no key
	 * @throws ChatProviderException when the provider cannot answer
	 */
	public ChatAnswer ask(@Nullable String apiKey, ChatRequest request) {
		return exchange(requireKey(apiKey), request, null);
	}

	/**
	 * Answers a question while telling a listener each piece of text and each query as it
	 * happens; the listener runs on the calling thread.
	 * @param apiKey the user's decrypted OpenAI key, or {@code null} when none is stored
	 * @param request the database, conversation and question
	 * @param listener told of text pieces and queries
	 * @return the whole reply with the queries it ran
	 * @throws MissingApiKeyException when there is no key
	 * @throws ChatProviderException when the provider cannot answer
	 */
	public ChatAnswer stream(@Nullable String apiKey, ChatRequest request, ChatListener listener) {
		return exchange(requireKey(apiKey), request, listener);
	}

	/**
	 * Asks the model one thing without tools, for example to describe a database.
	 * @param apiKey the user's decrypted OpenAI key, or {@code null} when none is stored
	 * @param system the instructions
	 * @param user the request
	 * @return the model's reply
	 * @throws MissingApiKeyException when there is no key
	 * @throws ChatProviderException when the provider cannot answer
	 */
	public String complete(@Nullable String apiKey, String system, String user) {
		OpenAIClient client = this.clients.forKey(requireKey(apiKey));
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(this.properties.model())
			.addSystemMessage(system)
			.addUserMessage(user)
			.maxCompletionTokens(this.properties.replyMaxTokens())
			.build();
		try {
			ChatCompletion completion = client.chat()
				.completions()
				.create(params, this.clients.options(this.properties.totalTimeout().toMillis()));
			return firstMessage(completion).content().orElse("");
		}
		catch (OpenAIException ex) {
			throw this.failures.translate(ex);
		}
	}

	private static String requireKey(@Nullable String apiKey) {
		if (apiKey == null || apiKey.isBlank()) {
			throw new MissingApiKeyException();
		}
		return apiKey;
	}

	private ChatAnswer exchange(String apiKey, ChatRequest request, @Nullable ChatListener listener) {
		long started = System.nanoTime();
		Prompt prompt = this.promptBuilder.build(request);
		Exchange exchange = new Exchange(request, prompt, this.clients.forKey(apiKey), listener, started);
		try {
			ChatAnswer answer = exchange.run();
			logger.info("Chat exchange answered in {} ms: {} queries, {} prompt and {} completion tokens",
					elapsedMillis(started), answer.queries().size(), answer.usage().promptTokens(),
					answer.usage().completionTokens());
			return answer;
		}
		catch (OpenAIException ex) {
			throw this.failures.translate(ex);
		}
	}

	private static long elapsedMillis(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000;
	}

	private static ChatCompletionMessage firstMessage(ChatCompletion completion) {
		if (completion.choices().isEmpty()) {
			throw ChatProviderException.malformed();
		}
		return completion.choices().get(0).message();
	}

	private static List<ChatCompletionMessageParam> toParams(List<PromptMessage> messages) {
		return messages.stream().map(SqlChat::toParam).collect(Collectors.toCollection(ArrayList::new));
	}

	private static ChatCompletionMessageParam toParam(PromptMessage message) {
		return switch (message.role()) {
			case SYSTEM -> ChatCompletionMessageParam
				.ofSystem(ChatCompletionSystemMessageParam.builder().content(message.content()).build());
			case USER -> ChatCompletionMessageParam
				.ofUser(ChatCompletionUserMessageParam.builder().content(message.content()).build());
			case ASSISTANT -> ChatCompletionMessageParam
				.ofAssistant(ChatCompletionAssistantMessageParam.builder().content(message.content()).build());
		};
	}

	/**
	 * One question's rounds with the model: the growing message list, the queries run and
	 * the tokens used.
	 */
	private final class Exchange {

		private final ChatRequest request;

		private final PromptReport report;

		private final OpenAIClient client;

		private final @Nullable ChatListener listener;

		private final long deadlineNanos;

		private final List<ChatCompletionMessageParam> messages;

		private final List<ExecutedQuery> queries = new ArrayList<>();

		private final List<String> contents = new ArrayList<>();

		private TokenUsage usage = TokenUsage.NONE;

		private String model;

		Exchange(ChatRequest request, Prompt prompt, OpenAIClient client, @Nullable ChatListener listener,
				long startedNanos) {
			this.request = request;
			this.report = prompt.report();
			this.client = client;
			this.listener = listener;
			this.deadlineNanos = startedNanos + SqlChat.this.properties.totalTimeout().toNanos();
			this.messages = toParams(prompt.messages());
			this.model = SqlChat.this.properties.model();
		}

		ChatAnswer run() {
			int maxRounds = SqlChat.this.properties.maxToolRounds();
			for (int round = 0;; round++) {
				boolean toolsAllowed = round < maxRounds;
				ChatCompletionMessage message = call(toolsAllowed);
				List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(message);
				if (calls.isEmpty() || !toolsAllowed) {
					return answer(toolsAllowed);
				}

				this.messages.add(ChatCompletionMessageParam.ofAssistant(message.toParam()));
				calls.forEach(this::runTool);
				logger.debug("Chat round {} ran {} tool calls", round + 1, calls.size());
			}
		}

		private ChatCompletionMessage call(boolean toolsAllowed) {
			ChatCompletionCreateParams params = params(toolsAllowed);
			ChatCompletion completion = (this.listener != null) ? streamed(params, this.listener)
					: this.client.chat().completions().create(params, SqlChat.this.clients.options(remainingMillis()));
			this.model = completion.model();
			completion.usage()
				.ifPresent((used) -> this.usage = this.usage.plus(used.promptTokens(), used.completionTokens()));

			ChatCompletionMessage message = firstMessage(completion);
			message.content().or(message::refusal).filter((text) -> !text.isBlank()).ifPresent(this.contents::add);
			return message;
		}

		private ChatCompletion streamed(ChatCompletionCreateParams params, ChatListener listener) {
			ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
			boolean separate = !this.contents.isEmpty();
			try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
				.completions()
				.createStreaming(params, SqlChat.this.clients.options(remainingMillis()))) {
				DeltaForwarder forwarder = new DeltaForwarder(listener, separate);
				stream.stream().forEach((chunk) -> forwarder.accept(accumulator.accumulate(chunk)));
			}
			return accumulator.chatCompletion();
		}

		private ChatCompletionCreateParams params(boolean toolsAllowed) {
			ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
				.model(SqlChat.this.properties.model())
				.messages(this.messages)
				.maxCompletionTokens(SqlChat.this.properties.replyMaxTokens())
				.addTool(SqlTool.definition())
				.toolChoice(toolsAllowed ? ChatCompletionToolChoiceOption.Auto.AUTO
						: ChatCompletionToolChoiceOption.Auto.NONE);
			if (this.listener != null) {
				params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
			}
			return params.build();
		}

		private void runTool(ChatCompletionMessageFunctionToolCall call) {
			SqlTool.Outcome outcome = SqlChat.this.tool.call(this.request.databaseFile(), call.function().name(),
					call.function().arguments());
			if (outcome.query() != null) {
				this.queries.add(outcome.query());
				if (this.listener != null) {
					this.listener.onQuery(outcome.query());
				}
			}
			this.messages.add(ChatCompletionMessageParam.ofTool(ChatCompletionToolMessageParam.builder()
				.toolCallId(call.id())
				.content(outcome.resultText())
				.build()));
		}

		private ChatAnswer answer(boolean toolsAllowed) {
			String content = String.join("\n\n", this.contents);
			if (content.isBlank()) {
				content = toolsAllowed ? EMPTY_REPLY : OUT_OF_ROUNDS;
			}
			return new ChatAnswer(content, List.copyOf(this.queries), this.usage, this.model, this.report);
		}

		private long remainingMillis() {
			long remaining = (this.deadlineNanos - System.nanoTime()) / 1_000_000;
			if (remaining <= 0) {
				throw ChatProviderException.timedOut();
			}
			return remaining;
		}

	}

	private static List<ChatCompletionMessageFunctionToolCall> functionCalls(ChatCompletionMessage message) {
		return message.toolCalls()
			.orElse(List.of())
			.stream()
			.filter(ChatCompletionMessageToolCall::isFunction)
			.map(ChatCompletionMessageToolCall::asFunction)
			.toList();
	}

	/**
	 * Passes streamed text pieces to a listener, separating them from text of earlier
	 * rounds.
	 */
	private static final class DeltaForwarder {

		private final ChatListener listener;

		private boolean separate;

		DeltaForwarder(ChatListener listener, boolean separate) {
			this.listener = listener;
			this.separate = separate;
		}

		void accept(ChatCompletionChunk chunk) {
			chunk.choices()
				.forEach((choice) -> choice.delta().content().filter((text) -> !text.isEmpty()).ifPresent(this::send));
		}

		private void send(String text) {
			if (this.separate) {
				this.listener.onDelta("\n\n");
				this.separate = false;
			}
			this.listener.onDelta(text);
		}

	}

}
