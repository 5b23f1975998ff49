package dev.askdb.chat;

import java.util.List;

/**
 * What a built prompt holds: which messages made it in and what each part cost.
 *
 * @param historyIndexes the indexes of history messages included, oldest first
 * @param historyOmitted how many history messages were left out for lack of room
 * @param recalledIndexes the indexes of recalled messages included, oldest first
 * @param tablesInFull the tables whose definitions are included in full
 * @param tablesByName the tables only listed by name
 * @param schemaTokens tokens spent on the schema
 * @param historyTokens tokens spent on history (its note included)
 * @param recalledTokens tokens spent on recalled messages
 * @param totalTokens tokens of the whole prompt, tool definition included
 */
public record PromptReport(List<Integer> historyIndexes, int historyOmitted, List<Integer> recalledIndexes,
		List<String> tablesInFull, List<String> tablesByName, int schemaTokens, int historyTokens, int recalledTokens,
		int totalTokens) {

}
