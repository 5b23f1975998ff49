package dev.askdb.memory;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte bound and eviction order of the per-conversation vector cache.
 */
class VectorCacheTests {

	private static final int DIMENSION = 384;

	@Test
	void neverHoldsMoreThanItsByteLimit() {
		VectorCache cache = new VectorCache(200_000);
		Random random = new Random(7);
		long largest = 0;

		for (int step = 0; step < 2_000; step++) {
			long conversation = random.nextInt(20);
			if (cache.get(conversation) == null) {
				cache.put(conversation, vectors(random.nextInt(30)));
			}
			cache.append(conversation, step, randomVector(random));
			largest = Math.max(largest, cache.bytes());
		}

		assertThat(largest).isLessThanOrEqualTo(200_000);
		assertThat(cache.bytes()).isEqualTo(heldBytes(cache));
	}

	@Test
	void evictsLeastRecentlyUsedConversationFirst() {
		long oneConversation = vectors(100).bytes();
		VectorCache cache = new VectorCache(oneConversation * 4 + oneConversation / 2);
		for (long conversation = 1; conversation <= 4; conversation++) {
			cache.put(conversation, vectors(100));
		}

		cache.get(1);
		cache.put(5, vectors(100));

		assertThat(cache.get(1)).isNotNull();
		assertThat(cache.get(2)).isNull();
		assertThat(cache.get(5)).isNotNull();
	}

	@Test
	void refusesConversationLargerThanAQuarterOfTheCache() {
		VectorCache cache = new VectorCache(100_000);

		cache.put(1, vectors(100));

		assertThat(cache.get(1)).isNull();
		assertThat(cache.bytes()).isZero();
	}

	@Test
	void dropsConversationThatGrowsPastAQuarterOfTheCache() {
		VectorCache cache = new VectorCache(100_000);
		cache.put(1, vectors(10));
		Random random = new Random(3);

		for (int index = 10; index < 100; index++) {
			cache.append(1, index, randomVector(random));
		}

		assertThat(cache.get(1)).isNull();
		assertThat(cache.bytes()).isZero();
	}

	private static ConversationVectors vectors(int count) {
		ConversationVectors vectors = new ConversationVectors(DIMENSION);
		Random random = new Random(count);
		for (int index = 0; index < count; index++) {
			vectors.add(index + 1_000_000, randomVector(random));
		}
		return vectors;
	}

	private static QuantizedVector randomVector(Random random) {
		float[] components = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			components[i] = (float) random.nextGaussian();
		}
		return QuantizedVector.of(components);
	}

	private static long heldBytes(VectorCache cache) {
		long bytes = 0;
		for (long conversation = 0; conversation < 20; conversation++) {
			ConversationVectors vectors = cache.get(conversation);
			bytes += (vectors != null) ? vectors.bytes() : 0;
		}
		return bytes;
	}

}
