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
 * @param topK how many best-matching earlier messages a recall returns, before neighbours
 * @param minScore the lowest cosine similarity (-1 to 1) a match needs to be returned
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
 */
@ConfigurationProperties("askdb.memory")
public record MemoryProperties(@DefaultValue("true") boolean enabled, @DefaultValue("6") int topK,
		@DefaultValue("0.2") double minScore, @DefaultValue("0.5") double diversity, @DefaultValue("1") int neighbours,
		@DefaultValue("64MB") DataSize cacheSize, @DefaultValue("1000") int queueCapacity,
		@DefaultValue("1") int threads, @DefaultValue("200") int backfillBatchSize,
		@DefaultValue("5m") Duration backfillInterval, @DefaultValue("2000") int maxEmbeddedChars) {

	/**
	 * The defaults, as a server without {@code askdb.memory.*} settings gets them.
	 * @return the default settings
	 */
	public static MemoryProperties defaults() {
		return new MemoryProperties(true, 6, 0.2, 0.5, 1, DataSize.ofMegabytes(64), 1000, 1, 200, Duration.ofMinutes(5),
				2000);
	}

}
