package dev.askdb.conversation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of conversations and messages ({@code askdb.conversation.*}).
 *
 * @param maxQuestionChars the longest question accepted
 * @param historyMessages how many of the most recent messages are read for the prompt at
 * most; the token budget decides how many of them go in
 * @param streamTimeout how long a streamed answer may stay open
 */
@ConfigurationProperties("askdb.conversation")
record ConversationProperties(@DefaultValue("4000") int maxQuestionChars, @DefaultValue("200") int historyMessages,
		@DefaultValue("5m") Duration streamTimeout) {

}
