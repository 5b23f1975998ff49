package dev.askdb.memory;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The int8 quantization of normalized embeddings and the similarity computed on it.
 */
class QuantizedVectorTests {

	@Test
	void similarityStaysWithinOneHundredthOfFloatCosine() {
		Random random = new Random(11);
		double worst = 0;

		for (int pair = 0; pair < 500; pair++) {
			float[] a = gaussian(random);
			float[] b = mix(a, gaussian(random), random.nextFloat());
			double error = Math.abs(QuantizedVector.of(a).similarity(QuantizedVector.of(b)) - cosine(a, b));
			worst = Math.max(worst, error);
		}

		assertThat(worst).isLessThan(0.01);
	}

	@Test
	void vectorIsSimilarToItselfByOne() {
		QuantizedVector vector = QuantizedVector.of(gaussian(new Random(5)));

		double similarity = vector.similarity(vector);

		assertThat(similarity).isCloseTo(1.0, within(0.01));
	}

	@Test
	void zeroVectorMatchesNothing() {
		QuantizedVector zero = QuantizedVector.of(new float[384]);

		double similarity = zero.similarity(QuantizedVector.of(gaussian(new Random(5))));

		assertThat(similarity).isZero();
	}

	private static float[] gaussian(Random random) {
		float[] vector = new float[384];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return vector;
	}

	private static float[] mix(float[] a, float[] b, float weight) {
		float[] mixed = new float[a.length];
		for (int i = 0; i < a.length; i++) {
			mixed[i] = weight * a[i] + (1 - weight) * b[i];
		}
		return mixed;
	}

	static double cosine(float[] a, float[] b) {
		double dot = 0;
		double normA = 0;
		double normB = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			normA += a[i] * a[i];
			normB += b[i] * b[i];
		}
		return dot / Math.sqrt(normA * normB);
	}

}
