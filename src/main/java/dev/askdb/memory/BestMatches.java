package dev.askdb.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The k best-scoring message indexes seen so far, kept in a min-heap of primitives so
 * that a scan of any length holds only k entries.
 */
final class BestMatches {

	private final int capacity;

	private final double minScore;

	private final int[] indexes;

	private final double[] scores;

	private int size;

	BestMatches(int capacity, double minScore) {
		this.capacity = capacity;
		this.minScore = minScore;
		this.indexes = new int[capacity];
		this.scores = new double[capacity];
	}

	void offer(int index, double score) {
		if (score < this.minScore || this.capacity == 0) {
			return;
		}
		if (this.size < this.capacity) {
			this.indexes[this.size] = index;
			this.scores[this.size] = score;
			siftUp(this.size++);
		}
		else if (score > this.scores[0]) {
			this.indexes[0] = index;
			this.scores[0] = score;
			siftDown(0);
		}
	}

	/**
	 * The matches, best first.
	 * @return the matches
	 */
	List<Match> best() {
		List<Match> matches = new ArrayList<>(this.size);
		for (int i = 0; i < this.size; i++) {
			matches.add(new Match(this.indexes[i], this.scores[i]));
		}
		matches.sort(Comparator.comparingDouble(Match::score).reversed());
		return matches;
	}

	private void siftUp(int position) {
		while (position > 0) {
			int parent = (position - 1) / 2;
			if (this.scores[parent] <= this.scores[position]) {
				return;
			}
			swap(parent, position);
			position = parent;
		}
	}

	private void siftDown(int position) {
		while (true) {
			int smallest = position;
			int left = 2 * position + 1;
			int right = left + 1;
			if (left < this.size && this.scores[left] < this.scores[smallest]) {
				smallest = left;
			}
			if (right < this.size && this.scores[right] < this.scores[smallest]) {
				smallest = right;
			}
			if (smallest == position) {
				return;
			}
			swap(smallest, position);
			position = smallest;
		}
	}

	private void swap(int a, int b) {
		int index = this.indexes[a];
		this.indexes[a] = this.indexes[b];
		this.indexes[b] = index;
		double score = this.scores[a];
		this.scores[a] = this.scores[b];
		this.scores[b] = score;
	}

	/**
	 * A message index and how well it matched.
	 *
	 * @param index the message index
	 * @param score the cosine similarity
	 */
	record Match(int index, double score) {

	}

}
