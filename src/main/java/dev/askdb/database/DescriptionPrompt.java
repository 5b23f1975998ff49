package dev.askdb.database;

import dev.askdb.sql.DatabaseProfile;
import dev.askdb.sql.DatabaseSchema;

/**
 * The prompt that asks the language model to describe a database in natural language from
 * its schema, the offline description and a few sample values.
 */
final class DescriptionPrompt {

	static final String SYSTEM = """
			You describe SQLite databases for the people who will ask questions about them. From the schema, \
			the facts and the sample values given, write a concise description in plain language: what the \
			database is about, what each important table holds and how the tables relate, which columns hold \
			dates, amounts or categories worth asking about, and the time span and scale of the data. Do not \
			invent tables or columns that are not listed. Write at most 250 words, no headings, no SQL.""";

	static final int MAX_DESCRIPTION_CHARS = 4000;

	private static final int MAX_SAMPLE_CHARS = 4000;

	private DescriptionPrompt() {
	}

	static String user(StoredDatabase database, DatabaseSchema schema, DatabaseProfile profile,
			String offlineDescription) {
		StringBuilder prompt = new StringBuilder();
		prompt.append("Database name: ").append(database.getName()).append('\n');
		if (database.getUserDescription() != null) {
			prompt.append("The owner says: ").append(database.getUserDescription()).append('\n');
		}
		prompt.append("\nFacts gathered from the file:\n").append(offlineDescription).append('\n');
		prompt.append("\nSample rows:\n").append(samples(profile));
		return prompt.toString();
	}

	static String bounded(String description) {
		String text = description.strip();
		return (text.length() <= MAX_DESCRIPTION_CHARS) ? text : text.substring(0, MAX_DESCRIPTION_CHARS) + "…";
	}

	private static String samples(DatabaseProfile profile) {
		StringBuilder samples = new StringBuilder();
		for (DatabaseProfile.TableProfile table : profile.tables()) {
			String line = table.name() + " " + table.columns() + ": " + table.sampleRows() + "\n";
			if (samples.length() + line.length() > MAX_SAMPLE_CHARS) {
				break;
			}
			samples.append(line);
		}
		return samples.toString();
	}

}
