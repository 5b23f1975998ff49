package dev.askdb.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded candidate heap that a recall scan fills, and the diverse pick from it.
 */
class BestMatchesTests {

	private static final byte[] NORTH = { 127, 0, 0, 0 };

	private static final byte[] EAST = { 0, 127, 0, 0 };

	@Test
	void keepsTheBestScoresAboveTheMinimumBestFirst() {
		BestMatches matches = new BestMatches(3, 0.2, 4);

		for (int index = 0; index < 1_000; index++) {
			matches.offer(index, ((index * 37) % 1_000) / 1_000.0, NORTH, 0, 1 / 127f);
		}
		matches.offer(5_000, 0.1, NORTH, 0, 1 / 127f);

		assertThat(matches.best()).extracting(BestMatches.Match::score).containsExactly(0.999, 0.998, 0.997);
	}

	@Test
	void returnsNothingWhenNoScoreReachesTheMinimum() {
		BestMatches matches = new BestMatches(3, 0.5, 4);

		matches.offer(1, 0.4, NORTH, 0, 1 / 127f);
		matches.offer(2, -0.9, NORTH, 0, 1 / 127f);

		assertThat(matches.best()).isEmpty();
	}

	@Test
	void diversePickSkipsRepeatOfAnEarlierPick() {
		BestMatches matches = new BestMatches(3, 0, 4);
		matches.offer(1, 0.9, NORTH, 0, 1 / 127f);
		matches.offer(2, 0.85, NORTH, 0, 1 / 127f);
		matches.offer(3, 0.6, EAST, 0, 1 / 127f);

		assertThat(matches.pick(2, 0.5)).extracting(BestMatches.Match::index).containsExactly(1, 3);
		assertThat(matches.pick(2, 0)).extracting(BestMatches.Match::index).containsExactly(1, 2);
	}

	@Test
	void diversePickEqualsTheGreedyPickThatComparesEveryCandidateEachRound() {
		Random random = new Random(11);
		for (int trial = 0; trial < 200; trial++) {
			int dimension = 16;
			int candidates = 1 + random.nextInt(64);
			BestMatches matches = new BestMatches(64, -1, dimension);
			byte[][] vectors = new byte[candidates][dimension];
			double[] scores = new double[candidates];
			for (int index = 0; index < candidates; index++) {
				random.nextBytes(vectors[index]);
				scores[index] = random.nextDouble();
				matches.offer(index, scores[index], vectors[index], 0, 1 / 127f);
			}
			double diversity = (trial % 4) * 0.3;
			int limit = 1 + random.nextInt(20);

			assertThat(matches.pick(limit, diversity)).extracting(BestMatches.Match::index)
				.as("trial %d", trial)
				.containsExactlyElementsOf(greedy(vectors, scores, limit, diversity));
		}
	}

	/**
	 * The pick as its description reads: each round, every candidate not yet picked is
	 * compared with every pick so far.
	 */
	private static List<Integer> greedy(byte[][] vectors, double[] scores, int limit, double diversity) {
		List<Integer> picked = new ArrayList<>();
		while (picked.size() < Math.min(limit, scores.length)) {
			int chosen = -1;
			double chosenValue = Double.NEGATIVE_INFINITY;
			for (int candidate = 0; candidate < scores.length; candidate++) {
				if (picked.contains(candidate)) {
					continue;
				}
				double closest = 0;
				for (int earlier : picked) {
					closest = Math.max(closest, similarity(vectors[candidate], vectors[earlier]));
				}
				double value = scores[candidate] - diversity * closest;
				if (value > chosenValue) {
					chosen = candidate;
					chosenValue = value;
				}
			}
			picked.add(chosen);
		}
		picked.sort(Comparator.comparingDouble((Integer index) -> scores[index]).reversed());
		return picked;
	}

	private static double similarity(byte[] a, byte[] b) {
		int dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return dot * (double) (1 / 127f) * (1 / 127f);
	}

}
