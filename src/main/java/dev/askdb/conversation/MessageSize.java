package dev.askdb.conversation;

/**
 * A message's index and stored token count, all that sizing the prompt needs of it.
 *
 * @param index the message's index in its conversation
 * @param tokenCount its content's tokens
 */
record MessageSize(int index, int tokenCount) {

}
