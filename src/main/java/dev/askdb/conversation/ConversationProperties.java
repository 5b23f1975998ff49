package dev.askdb.conversation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of conversations and messages ({@code askdb.conversation.*}).
 *
 * @param maxQuestionChars the longest question accepted
 * @param historyMessages how many of the most recent messages are read for the prompt at
 * most; the token budget decides how many of them go in
 * @param streamTimeout how long a streamed answer may stay open
 * @param recentCacheSize the most heap the newest messages of recently active
 * conversations may hold, kept so that a question reads only the messages stored since
 * the previous one
 */
@ConfigurationProperties("askdb.conversation")
record ConversationProperties(@DefaultValue("4000") int maxQuestionChars, @DefaultValue("200") int historyMessages,
		@DefaultValue("5m") Duration streamTimeout, @DefaultValue("32MB") DataSize recentCacheSize) {

}
