package dev.askdb.chat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for reaching the language model and for shaping what is sent to it.
 *
 * @param baseUrl the provider's base URL; server configuration only, never taken from a
 * user
 * @param model the chat model asked for every reply
 * @param promptBudgetTokens the most tokens the first prompt of an exchange may hold
 * (instructions, schema, history, recalled messages and question)
 * @param schemaShare the part of the budget the schema may use
 * @param historyShare the part of the budget kept for conversation history at least
 * (history also gets whatever the other parts leave unused)
 * @param recalledShare the part of the budget recalled earlier messages may use
 * @param replyMaxTokens the most tokens the model may write in one reply
 * @param maxToolRounds the rounds in which the model may run SQL before it must answer
 * @param connectTimeout how long to wait for a connection to the provider
 * @param readTimeout how long to wait for the next bytes from the provider
 * @param maxRetries how often the client retries rate limits, server errors and broken
 * connections, with backoff
 * @param totalTimeout the most one exchange with the provider may take, all rounds and
 * retries included
 * @param toolMaxRows the most rows one tool query returns to the model
 * @param toolMaxChars the most characters one tool result handed to the model may have
 * @param previewRows the most rows kept for a stored query preview
 * @param defaultRetryAfter the wait suggested to users when the provider limits the rate
 * without saying how long
 * @param maxConcurrentExchanges the platform threads for streamed exchanges when virtual
 * threads are not available
 */
@ConfigurationProperties("askdb.chat")
public record ChatProperties(@DefaultValue("https://api.openai.com/v1") String baseUrl,
		@DefaultValue("gpt-4o-mini") String model, @DefaultValue("16000") int promptBudgetTokens,
		@DefaultValue("0.4") double schemaShare, @DefaultValue("0.3") double historyShare,
		@DefaultValue("0.1") double recalledShare, @DefaultValue("1024") int replyMaxTokens,
		@DefaultValue("5") int maxToolRounds, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration readTimeout, @DefaultValue("2") int maxRetries,
		@DefaultValue("120s") Duration totalTimeout, @DefaultValue("50") int toolMaxRows,
		@DefaultValue("6000") int toolMaxChars, @DefaultValue("20") int previewRows,
		@DefaultValue("20s") Duration defaultRetryAfter, @DefaultValue("32") int maxConcurrentExchanges) {

	public ChatProperties {
		if (promptBudgetTokens < 2000) {
			throw new IllegalArgumentException("askdb.chat.prompt-budget-tokens must be at least 2000");
		}
		if (schemaShare <= 0 || historyShare <= 0 || recalledShare < 0
				|| schemaShare + historyShare + recalledShare > 0.9) {
			throw new IllegalArgumentException("askdb.chat schema, history and recalled shares must be positive and "
					+ "add up to at most 0.9, leaving room for the instructions and the question");
		}
		if (maxToolRounds < 1) {
			throw new IllegalArgumentException("askdb.chat.max-tool-rounds must be at least 1");
		}
	}

	/**
	 * Settings with every default, for tests and tools that run without Spring.
	 * @param baseUrl the provider's base URL
	 * @return the defaults pointed at {@code baseUrl}
	 */
	public static ChatProperties defaults(String baseUrl) {
		return new ChatProperties(baseUrl, "gpt-4o-mini", 16000, 0.4, 0.3, 0.1, 1024, 5, Duration.ofSeconds(10),
				Duration.ofSeconds(60), 2, Duration.ofSeconds(120), 50, 6000, 20, Duration.ofSeconds(20), 32);
	}

}
