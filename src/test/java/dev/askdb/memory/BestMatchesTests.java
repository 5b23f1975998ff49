package dev.askdb.memory;

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

}
