package dev.askdb.chat;

import java.util.List;

/**
 * One earlier message of the conversation, as the prompt may show it.
 *
 * @param index the message's index in its conversation
 * @param role who wrote it
 * @param content what it says
 * @param queries the queries an assistant message ran, empty otherwise
 */
public record HistoryMessage(int index, ChatRole role, String content, List<HistoryQuery> queries) {

	public HistoryMessage {
		queries = List.copyOf(queries);
	}

	/**
	 * A message that ran no queries.
	 * @param index the message's index
	 * @param role who wrote it
	 * @param content what it says
	 * @return the message
	 */
	public static HistoryMessage of(int index, ChatRole role, String content) {
		return new HistoryMessage(index, role, content, List.of());
	}

}
