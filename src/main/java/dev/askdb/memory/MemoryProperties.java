package dev.askdb.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of message memory: embeddings of stored messages and recall of earlier ones by
 * meaning.
 *
 * @param enabled whether messages are embedded and recalled at all
 * @param topK how many best-matching earlier messages a recall returns at most, before
 * neighbours; fewer when {@code recallTokens} runs out first
 * @param minScore the lowest similarity (-1 to 1) a match needs to be returned: the
 * centred cosine when {@code centred}, else the plain cosine
 * @param diversity how much a candidate's similarity to a message already recalled counts
 * against it (0 to 1; 0 picks the plain best scores), so that near-repeats do not crowd
 * out other matches
 * @param neighbours how many messages of the matched message's turn come with it: the
 * replies after a user question, the questions before an assistant answer
 * @param cacheSize the most heap the cache of per-conversation vectors may hold
 * @param queueCapacity how many messages may wait for embedding before new ones are left
 * to the backfill
 * @param threads how many threads embed messages in the background
 * @param backfillBatchSize how many messages without an embedding one backfill round
 * embeds
 * @param backfillInterval the pause between backfill rounds once nothing is left to embed
 * @param maxEmbeddedChars how much of a message's beginning is embedded; the model reads
 * about 500 tokens, so more only costs time
 * @param centred whether the question and the messages are compared after centring both
 * on the conversation's mean vector, which removes what all its messages share so that
 * generic talk stops outscoring the message that is really about the question
 * @param recallTokens the most tokens (by the messages' stored counts, plus a few a
 * message for its label) the recalled messages may add up to: matches are taken best
 * first, each with its neighbours, while they fit; keep it at most
 * {@code askdb.chat.recalled-share} of {@code askdb.chat.prompt-budget-tokens} (0.1 of
 * 16,000 by default), since the prompt drops what does not fit its share
 */
@ConfigurationProperties("askdb.memory")
public record MemoryProperties(@DefaultValue("true") boolean enabled, @DefaultValue("16") int topK,
		@DefaultValue("0.1") double minScore, @DefaultValue("0.5") double diversity, @DefaultValue("1") int neighbours,
		@DefaultValue("64MB") DataSize cacheSize, @DefaultValue("1000") int queueCapacity,
		@DefaultValue("1") int threads, @DefaultValue("200") int backfillBatchSize,
		@DefaultValue("5m") Duration backfillInterval, @DefaultValue("2000") int maxEmbeddedChars,
		@DefaultValue("true") boolean centred, @DefaultValue("1500") int recallTokens) {

	/**
	 * The defaults, as a server without {@code askdb.memory.*} settings gets them.
	 * @return the default settings
	 */
	public static MemoryProperties defaults() {
		return new MemoryProperties(true, 16, 0.1, 0.5, 1, DataSize.ofMegabytes(64), 1000, 1, 200,
				Duration.ofMinutes(5), 2000, true, 1500);
	}

}
