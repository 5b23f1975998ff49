package dev.askdb.chat;

/**
 * Who wrote a message in a conversation.
 */
public enum ChatRole {

	/** The person asking. */
	USER,

	/** The language model answering. */
	ASSISTANT

}
