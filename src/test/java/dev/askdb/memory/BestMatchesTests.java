package dev.askdb.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded top-k heap that a recall scan fills.
 */
class BestMatchesTests {

	@Test
	void keepsTheBestScoresAboveTheMinimumBestFirst() {
		BestMatches matches = new BestMatches(3, 0.2);

		for (int index = 0; index < 1_000; index++) {
			matches.offer(index, ((index * 37) % 1_000) / 1_000.0);
		}
		matches.offer(5_000, 0.1);

		assertThat(matches.best()).extracting(BestMatches.Match::score).containsExactly(0.999, 0.998, 0.997);
	}

	@Test
	void returnsNothingWhenNoScoreReachesTheMinimum() {
		BestMatches matches = new BestMatches(3, 0.5);

		matches.offer(1, 0.4);
		matches.offer(2, -0.9);

		assertThat(matches.best()).isEmpty();
	}

}
