package dev.askdb.chat;

/**
 * Receives a reply while it is being written: pieces of text and each query as it runs.
 */
public interface ChatListener {

	/** A listener that ignores everything. */
	ChatListener NONE = new ChatListener() {
	};

	/**
	 * Called with the next piece of the reply's text.
	 * @param content the piece
	 */
	default void onDelta(String content) {
	}

	/**
	 * Called after the model ran a query, whether it succeeded or not.
	 * @param query the query with its preview
	 */
	default void onQuery(ExecutedQuery query) {
	}

}
