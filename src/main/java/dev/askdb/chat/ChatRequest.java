package dev.askdb.chat;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.askdb.sql.DatabaseSchema;

/**
 * Everything one question needs: the database it is about, the conversation so far, and
 * the question.
 *
 * @param databaseFile the stored SQLite file the tool queries
 * @param databaseName the database's name
 * @param userDescription what the user wrote about the database, or {@code null}
 * @param machineDescription what the model wrote about the database, or {@code null}
 * @param schema the database's tables, views and columns
 * @param history recent messages, newest first; the prompt keeps as many as fit
 * @param recalled earlier messages recalled as relevant, in any order; may be empty
 * @param question the user's question
 */
public record ChatRequest(Path databaseFile, String databaseName, @Nullable String userDescription,
		@Nullable String machineDescription, DatabaseSchema schema, List<HistoryMessage> history,
		List<RecalledMessage> recalled, String question) {

	public ChatRequest {
		history = List.copyOf(history);
		recalled = List.copyOf(recalled);
	}

}
