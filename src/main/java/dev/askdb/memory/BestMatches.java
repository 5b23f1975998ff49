package dev.askdb.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The best-scoring message vectors seen so far, kept in a min-heap of primitives so that
 * a scan of any length holds only a fixed number of candidates, and the pick of the final
 * matches among them with a penalty for repeating each other.
 */
final class BestMatches {

	private final int capacity;

	private final double minScore;

	private final int dimension;

	private final int[] heap;

	private final int[] indexes;

	private final double[] scores;

	private final byte[] vectors;

	private final float[] scales;

	private int size;

	BestMatches(int capacity, double minScore, int dimension) {
		this.capacity = capacity;
		this.minScore = minScore;
		this.dimension = dimension;
		this.heap = new int[capacity];
		this.indexes = new int[capacity];
		this.scores = new double[capacity];
		this.vectors = new byte[capacity * dimension];
		this.scales = new float[capacity];
	}

	/**
	 * Offers a candidate, copying its vector only when it is kept.
	 * @param index the message index
	 * @param score its similarity to the question
	 * @param packed the array holding its vector
	 * @param offset where its vector starts
	 * @param scale its vector's scale
	 */
	void offer(int index, double score, byte[] packed, int offset, float scale) {
		if (score < this.minScore || this.capacity == 0) {
			return;
		}
		if (this.size < this.capacity) {
			int slot = this.size;
			store(slot, index, score, packed, offset, scale);
			this.heap[this.size] = slot;
			siftUp(this.size++);
		}
		else if (score > this.scores[this.heap[0]]) {
			store(this.heap[0], index, score, packed, offset, scale);
			siftDown(0);
		}
	}

	/**
	 * All candidates kept, best first.
	 * @return the candidates
	 */
	List<Match> best() {
		List<Match> matches = new ArrayList<>(this.size);
		for (int slot = 0; slot < this.size; slot++) {
			matches.add(new Match(this.indexes[slot], this.scores[slot]));
		}
		matches.sort(Comparator.comparingDouble(Match::score).reversed());
		return matches;
	}

	/**
	 * Picks matches one by one, each time the candidate whose score minus its similarity
	 * to the closest match already picked, times {@code diversity}, is highest: a message
	 * that repeats one already recalled adds little to the prompt.
	 * @param limit how many to pick
	 * @param diversity the weight of repetition, 0 for plain best scores
	 * @return the picked matches, best first, with their own scores
	 */
	List<Match> pick(int limit, double diversity) {
		int count = Math.min(limit, this.size);
		List<Match> picked = new ArrayList<>(count);
		int[] pickedSlots = new int[count];
		int[] byScore = slotsByScore();
		boolean[] taken = new boolean[this.size];
		double[] closest = new double[this.size];
		// How many of the picks each slot's closest similarity accounts for: a slot is
		// compared with the picks only when it is looked at, and it is not looked at once
		// its score (the most its value can be) falls below the best value found.
		int[] compared = new int[this.size];
		while (picked.size() < count) {
			int chosen = -1;
			double chosenValue = Double.NEGATIVE_INFINITY;
			for (int slot : byScore) {
				if (taken[slot]) {
					continue;
				}
				if (diversity >= 0 && this.scores[slot] <= chosenValue) {
					break;
				}
				while (compared[slot] < picked.size()) {
					closest[slot] = Math.max(closest[slot], similarity(slot, pickedSlots[compared[slot]++]));
				}
				double value = this.scores[slot] - diversity * closest[slot];
				if (value > chosenValue) {
					chosen = slot;
					chosenValue = value;
				}
			}
			taken[chosen] = true;
			pickedSlots[picked.size()] = chosen;
			picked.add(new Match(this.indexes[chosen], this.scores[chosen]));
		}
		picked.sort(Comparator.comparingDouble(Match::score).reversed());
		return picked;
	}

	private int[] slotsByScore() {
		int[] slots = new int[this.size];
		for (int i = 0; i < this.size; i++) {
			int slot = i;
			int position = i;
			while (position > 0 && this.scores[slots[position - 1]] < this.scores[slot]) {
				slots[position] = slots[position - 1];
				position--;
			}
			slots[position] = slot;
		}
		return slots;
	}

	private double similarity(int a, int b) {
		int dot = 0;
		int offsetA = a * this.dimension;
		int offsetB = b * this.dimension;
		for (int i = 0; i < this.dimension; i++) {
			dot += this.vectors[offsetA + i] * this.vectors[offsetB + i];
		}
		return dot * (double) this.scales[a] * this.scales[b];
	}

	private void store(int slot, int index, double score, byte[] packed, int offset, float scale) {
		this.indexes[slot] = index;
		this.scores[slot] = score;
		this.scales[slot] = scale;
		System.arraycopy(packed, offset, this.vectors, slot * this.dimension, this.dimension);
	}

	private void siftUp(int position) {
		while (position > 0) {
			int parent = (position - 1) / 2;
			if (this.scores[this.heap[parent]] <= this.scores[this.heap[position]]) {
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
			if (left < this.size && this.scores[this.heap[left]] < this.scores[this.heap[smallest]]) {
				smallest = left;
			}
			if (right < this.size && this.scores[this.heap[right]] < this.scores[this.heap[smallest]]) {
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
		int slot = this.heap[a];
		this.heap[a] = this.heap[b];
		this.heap[b] = slot;
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
