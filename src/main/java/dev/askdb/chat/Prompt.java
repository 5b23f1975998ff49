package dev.askdb.chat;

import java.util.List;

/**
 * The messages that open an exchange with the model, with a report of what they hold.
 *
 * @param messages the messages in the order they are sent
 * @param report which history and schema made it in, and the token counts
 */
public record Prompt(List<PromptMessage> messages, PromptReport report) {

}
