package dev.askdb.conversation;

import org.jspecify.annotations.Nullable;

/**
 * What the prompt shows of an earlier message, read without the entity around it.
 *
 * @param index the message's index in its conversation
 * @param role {@code user} or {@code assistant}
 * @param content what it says
 * @param queriesJson the queries an answer ran, as stored, or {@code null}
 * @param tokenCount its content's tokens
 */
record MessageText(int index, String role, String content, @Nullable String queriesJson, int tokenCount) {

}
