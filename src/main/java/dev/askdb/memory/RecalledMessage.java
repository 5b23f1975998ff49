package dev.askdb.memory;

/**
 * An earlier message of a conversation brought back for a new question, either because
 * its meaning matched or because it completes the turn of a message that did.
 *
 * @param messageId the stored message's id
 * @param index the message's position in its conversation
 * @param role {@code user} or {@code assistant}
 * @param content the message text as stored
 * @param tokenCount the message's stored token count, for fitting it into a budget
 * @param score the cosine similarity of the match that brought it back; for a neighbour,
 * the score of the message it completes
 * @param matched whether the message matched the question itself rather than coming as a
 * neighbour
 */
public record RecalledMessage(long messageId, int index, String role, String content, int tokenCount, double score,
		boolean matched) {

}
