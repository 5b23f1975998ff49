package dev.askdb.chat;

/**
 * Tokens the provider billed for an exchange, summed over its rounds.
 *
 * @param promptTokens tokens read
 * @param completionTokens tokens written
 */
public record TokenUsage(long promptTokens, long completionTokens) {

	/** No tokens. */
	public static final TokenUsage NONE = new TokenUsage(0, 0);

	TokenUsage plus(long prompt, long completion) {
		return new TokenUsage(this.promptTokens + prompt, this.completionTokens + completion);
	}

}
