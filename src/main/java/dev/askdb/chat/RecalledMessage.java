package dev.askdb.chat;

/**
 * A message from earlier in the conversation, brought back because it seems relevant to
 * the question although it lies beyond the recent history.
 *
 * @param index the message's index in its conversation
 * @param role who wrote it
 * @param content what it says
 */
public record RecalledMessage(int index, ChatRole role, String content) {

}
