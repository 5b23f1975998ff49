package dev.askdb.memory;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One conversation's message vectors packed into flat arrays, appended to as messages are
 * embedded and scanned whole for a question.
 *
 * <p>
 * The arrays grow by half when full; {@link #bytes()} counts their capacity, which is
 * what the heap holds. A bit per message index tells which messages are present, so that
 * a vector arriving twice (from the embedding queue and from a database read) is kept
 * once, and {@link #firstMissingIndex()} tells where the next read of new vectors starts.
 */
final class ConversationVectors {

	static final long FIXED_BYTES = 128;

	private final int dimension;

	private byte[] vectors;

	private float[] scales;

	private int[] indexes;

	private final BitSet present = new BitSet();

	private int size;

	private int firstMissingIndex;

	ConversationVectors(int dimension) {
		this.dimension = dimension;
		this.vectors = new byte[0];
		this.scales = new float[0];
		this.indexes = new int[0];
	}

	/**
	 * Adds a message's vector unless the message is present already.
	 * @param index the message index
	 * @param vector its vector
	 * @return how many bytes the arrays grew by
	 */
	synchronized long add(int index, QuantizedVector vector) {
		if (vector.dimension() != this.dimension || this.present.get(index)) {
			return 0;
		}

		long before = bytes();
		if (this.size == this.indexes.length) {
			grow();
		}
		System.arraycopy(vector.values(), 0, this.vectors, this.size * this.dimension, this.dimension);
		this.scales[this.size] = vector.scale();
		this.indexes[this.size] = index;
		this.size++;
		this.present.set(index);
		this.firstMissingIndex = this.present.nextClearBit(this.firstMissingIndex);
		return bytes() - before;
	}

	/**
	 * Offers every message below an index to the best matches for a question.
	 * @param question the question's vector
	 * @param beforeIndex the first index not to consider
	 * @param matches the best matches so far
	 */
	synchronized void score(QuantizedVector question, int beforeIndex, BestMatches matches) {
		if (question.dimension() != this.dimension) {
			return;
		}
		for (int i = 0; i < this.size; i++) {
			if (this.indexes[i] < beforeIndex) {
				matches.offer(this.indexes[i], question.similarity(this.vectors, i * this.dimension, this.scales[i]));
			}
		}
	}

	/**
	 * The lowest message index without a vector here: everything below it is present.
	 * @return the index
	 */
	synchronized int firstMissingIndex() {
		return this.firstMissingIndex;
	}

	synchronized int size() {
		return this.size;
	}

	int dimension() {
		return this.dimension;
	}

	/**
	 * The heap this holds, counting array capacity and the index bits.
	 * @return the size in bytes
	 */
	synchronized long bytes() {
		return FIXED_BYTES + this.vectors.length + 4L * this.scales.length + 4L * this.indexes.length
				+ this.present.size() / 8;
	}

	/**
	 * The bytes a conversation of some messages takes at least, before growth slack.
	 * @param messages the number of messages
	 * @param dimension the vector dimension
	 * @return the size in bytes
	 */
	static long bytesFor(int messages, int dimension) {
		return FIXED_BYTES + (long) messages * (dimension + 8) + messages / 8;
	}

	private void grow() {
		int capacity = Math.max(16, this.indexes.length + (this.indexes.length >> 1));
		this.vectors = Arrays.copyOf(this.vectors, capacity * this.dimension);
		this.scales = Arrays.copyOf(this.scales, capacity);
		this.indexes = Arrays.copyOf(this.indexes, capacity);
	}

}
