package dev.askdb.chat;

/**
 * One message of a prompt, before it is handed to the client library.
 *
 * @param role who speaks
 * @param content what is said
 */
public record PromptMessage(Role role, String content) {

	/**
	 * The speakers a prompt uses.
	 */
	public enum Role {

		/** Instructions and context from askdb. */
		SYSTEM,

		/** The person asking. */
		USER,

		/** The model, in earlier turns. */
		ASSISTANT

	}

}
