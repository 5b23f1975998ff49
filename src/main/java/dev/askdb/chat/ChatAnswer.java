package dev.askdb.chat;

import java.util.List;

/**
 * The model's reply to one question, with the queries it ran and what it cost.
 *
 * @param content the reply text
 * @param queries the queries run, in order, failures included
 * @param usage tokens billed over all rounds
 * @param model the model that answered, as the provider names it
 * @param prompt what the first prompt held
 */
public record ChatAnswer(String content, List<ExecutedQuery> queries, TokenUsage usage, String model,
		PromptReport prompt) {

}
