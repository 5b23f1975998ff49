package dev.askdb.memory;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Scoring after centring on the conversation's mean: the arithmetic against a direct
 * float computation, the shrinking of a short conversation's mean, and a conversation
 * whose shared direction makes plain cosine prefer generic talk.
 */
class CentredQuestionTests {

	private static final int DIMENSION = 384;

	@Test
	void scoreIsTheCosineOfTheCentredVectors() {
		Random random = new Random(3);
		double[] sum = new double[DIMENSION];
		QuantizedVector[] vectors = new QuantizedVector[200];
		float[] common = gaussian(random);
		for (int i = 0; i < vectors.length; i++) {
			vectors[i] = QuantizedVector.of(add(common, gaussian(random), 0.7f));
			CentredQuestion.addTo(sum, vectors[i]);
		}
		QuantizedVector question = QuantizedVector.of(add(common, gaussian(random), 1f));

		CentredQuestion centred = CentredQuestion.of(question, sum, vectors.length);

		float[] mean = CentredQuestion.mean(sum, vectors.length);
		for (int i = 0; i < 20; i++) {
			double expected = cosine(minus(dequantized(question), mean), minus(dequantized(vectors[i]), mean));
			assertThat(centred.score(vectors[i])).isCloseTo(expected, within(0.02));
		}
	}

	@Test
	void shortConversationIsCentredOnlyPartly() {
		double[] sum = new double[DIMENSION];
		QuantizedVector only = QuantizedVector.of(gaussian(new Random(4)));
		CentredQuestion.addTo(sum, only);

		float[] mean = CentredQuestion.mean(sum, 1);

		assertThat(cosine(mean, dequantized(only))).isCloseTo(1, within(0.01));
		assertThat(norm(mean)).isCloseTo(1.0 / (1 + CentredQuestion.SHRINK_MESSAGES), within(0.01));
		assertThat(CentredQuestion.of(only, sum, 1).score(only)).isCloseTo(1, within(0.02));
	}

	@Test
	void zeroVectorMatchesNothing() {
		double[] sum = new double[DIMENSION];
		Random random = new Random(5);
		for (int i = 0; i < 50; i++) {
			CentredQuestion.addTo(sum, QuantizedVector.of(gaussian(random)));
		}
		assertThat(CentredQuestion.addTo(sum, QuantizedVector.zero(DIMENSION))).isFalse();

		CentredQuestion centred = CentredQuestion.of(QuantizedVector.of(gaussian(random)), sum, 50);

		assertThat(centred.score(QuantizedVector.zero(DIMENSION))).isEqualTo(-1);
	}

	@Test
	void centringFindsTheParticularMessageWhereSharedTalkWinsPlainCosine() {
		Random random = new Random(6);
		float[] common = unit(gaussian(random));
		float[] specific = unit(gaussian(random));
		ConversationVectors plain = new ConversationVectors(DIMENSION, false);
		ConversationVectors centred = new ConversationVectors(DIMENSION, true);
		for (int index = 0; index < 600; index++) {
			// Generic talk: the shared direction and noise; the fact: mostly its own
			// subject.
			float[] vector = (index == 321) ? add(scaled(common, 0.2f), specific, 1f)
					: add(common, unit(gaussian(random)), 0.5f);
			plain.add(index, QuantizedVector.of(vector));
			centred.add(index, QuantizedVector.of(vector));
		}
		QuantizedVector question = QuantizedVector.of(add(add(common, specific, 0.5f), unit(gaussian(random)), 0.3f));

		BestMatches plainBest = new BestMatches(1, -1, DIMENSION);
		plain.score(question, 600, plainBest);
		BestMatches centredBest = new BestMatches(1, -1, DIMENSION);
		centred.score(question, 600, centredBest);

		assertThat(plainBest.best()).extracting(BestMatches.Match::index).doesNotContain(321);
		assertThat(centredBest.best()).extracting(BestMatches.Match::index).containsExactly(321);
	}

	private static float[] gaussian(Random random) {
		float[] components = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			components[i] = (float) random.nextGaussian();
		}
		return components;
	}

	private static float[] unit(float[] vector) {
		return scaled(vector, (float) (1 / norm(vector)));
	}

	private static float[] scaled(float[] vector, float factor) {
		float[] result = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			result[i] = vector[i] * factor;
		}
		return result;
	}

	private static float[] add(float[] a, float[] b, float weight) {
		float[] result = new float[a.length];
		for (int i = 0; i < a.length; i++) {
			result[i] = a[i] + weight * b[i];
		}
		return result;
	}

	private static float[] minus(float[] a, float[] b) {
		return add(a, b, -1f);
	}

	private static float[] dequantized(QuantizedVector vector) {
		float[] result = new float[vector.dimension()];
		for (int i = 0; i < result.length; i++) {
			result[i] = vector.values()[i] * vector.scale();
		}
		return result;
	}

	private static double norm(float[] vector) {
		double sum = 0;
		for (float component : vector) {
			sum += component * component;
		}
		return Math.sqrt(sum);
	}

	private static double cosine(float[] a, float[] b) {
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return dot / (norm(a) * norm(b));
	}

}
