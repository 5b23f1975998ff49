package dev.askdb.memory;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packed per-conversation vectors: deduplication, the first missing index, and the
 * sign-bit candidate pass of long conversations.
 */
class ConversationVectorsTests {

	private static final int DIMENSION = 384;

	@Test
	void keepsOneVectorPerMessageIndex() {
		ConversationVectors vectors = new ConversationVectors(DIMENSION);
		Random random = new Random(1);

		vectors.add(0, randomVector(random));
		vectors.add(0, randomVector(random));
		vectors.add(2, randomVector(random));

		assertThat(vectors.size()).isEqualTo(2);
		assertThat(vectors.firstMissingIndex()).isEqualTo(1);
	}

	@Test
	void signBitPassFindsTheClosestVectorOfALongConversation() {
		ConversationVectors vectors = new ConversationVectors(DIMENSION);
		Random random = new Random(2);
		float[] target = gaussian(random);
		for (int index = 0; index < 5_000; index++) {
			vectors.add(index, (index == 3_210) ? QuantizedVector.of(target) : randomVector(random));
		}
		float[] question = target.clone();
		for (int i = 0; i < DIMENSION; i++) {
			question[i] += (float) random.nextGaussian() * 0.8f;
		}

		BestMatches matches = new BestMatches(1, -1, DIMENSION);
		vectors.score(QuantizedVector.of(question), 5_000, matches);

		assertThat(matches.best()).extracting(BestMatches.Match::index).containsExactly(3_210);
	}

	private static QuantizedVector randomVector(Random random) {
		return QuantizedVector.of(gaussian(random));
	}

	private static float[] gaussian(Random random) {
		float[] components = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			components[i] = (float) random.nextGaussian();
		}
		return components;
	}

}
