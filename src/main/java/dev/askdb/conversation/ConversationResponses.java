package dev.askdb.conversation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response bodies of the conversation endpoints.
 */
final class ConversationResponses {

	private ConversationResponses() {
	}

	/**
	 * A conversation as the API shows it.
	 *
	 * @param id the conversation id
	 * @param name its name
	 * @param databaseId the database it is about
	 * @param lastModified when it last changed
	 * @param messageCount how many messages it holds
	 * @param createdAt when it was created
	 * @param promptTokens prompt tokens its replies used, as the model reported
	 * @param completionTokens completion tokens its replies used, as the model reported
	 */
	record ConversationResponse(long id, String name, long databaseId, Instant lastModified, int messageCount,
			Instant createdAt, long promptTokens, long completionTokens) {

		static ConversationResponse of(Conversation conversation) {
			return new ConversationResponse(conversation.getId(), conversation.getName(), conversation.getDatabaseId(),
					conversation.getLastModified(), conversation.getMessageCount(), conversation.getCreatedAt(),
					conversation.getPromptTokens(), conversation.getCompletionTokens());
		}

	}

	/**
	 * A message as the API shows it.
	 *
	 * @param id the message id
	 * @param index its 0-based place in the conversation
	 * @param role {@code user} or {@code assistant}
	 * @param content the text
	 * @param createdAt when it was stored
	 * @param queries the queries a reply ran, with previews of their rows
	 * @param recalled the indexes of earlier messages brought back into the reply's
	 * prompt
	 * @param promptTokens prompt tokens the reply used
	 * @param completionTokens completion tokens the reply used
	 */
	record MessageResponse(long id, int index, String role, String content, Instant createdAt,
			@Nullable JsonNode queries, @Nullable JsonNode recalled, @Nullable Integer promptTokens,
			@Nullable Integer completionTokens) {

		static MessageResponse of(Message message, JsonMapper json) {
			return new MessageResponse(message.getId(), message.getIndex(), message.getRole(), message.getContent(),
					message.getCreatedAt(), parse(message.getQueriesJson(), json),
					parse(message.getRecalledJson(), json), message.getPromptTokens(), message.getCompletionTokens());
		}

		private static @Nullable JsonNode parse(@Nullable String text, JsonMapper json) {
			return (text != null) ? json.readTree(text) : null;
		}

	}

	/**
	 * A page of messages in index order.
	 *
	 * @param items the messages
	 * @param nextAfter the index to pass as {@code after} for the next page, or
	 * {@code null} at the end
	 */
	record MessagePage(java.util.List<MessageResponse> items, @Nullable Integer nextAfter) {
	}

	/**
	 * A question and its stored reply.
	 *
	 * @param userMessage the stored question
	 * @param reply the stored reply
	 */
	record Exchange(MessageResponse userMessage, MessageResponse reply) {
	}

}
