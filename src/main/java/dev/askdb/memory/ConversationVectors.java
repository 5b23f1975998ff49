package dev.askdb.memory;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.askdb.memory.EmbeddingStore.IndexedVector;

/**
 * One conversation's message vectors packed into flat arrays with their sign bits and
 * their running sum, appended to as messages are embedded and scanned for a question.
 *
 * <p>
 * When centring is on, a question is compared with the vectors after both are centred on
 * the conversation's mean, kept exactly from the running sum (see
 * {@link CentredQuestion}). The sign bits of the candidate pass are those of the vectors
 * centred on a snapshot of the mean, taken again (and all sign bits recomputed) whenever
 * the conversation has grown by an eighth since the last one, so that their cost stays a
 * small fraction of the appends.
 *
 * <p>
 * The arrays grow by half when full; {@link #bytes()} counts their capacity, which is
 * what the heap holds. A bit per message index tells which messages are present, so that
 * a vector arriving twice (from the embedding queue and from a database read) is kept
 * once, and {@link #firstMissingIndex()} tells where the next read of new vectors starts.
 */
final class ConversationVectors {

	static final long FIXED_BYTES = 128;

	/**
	 * Up to this many vectors a scan scores them all; above it, the sign bits pick the
	 * closest eighth (at least this many) and only those are scored in full.
	 */
	static final int EXACT_UP_TO = 256;

	/**
	 * The share of vectors the sign bits keep, as a divisor: an eighth keeps about 98 %
	 * of the exact top matches on the benchmark, a fortieth only 88 %.
	 */
	static final int SIGN_PASS_KEEPS_ONE_IN = 8;

	private final int exactUpTo;

	private final int keepOneIn;

	private final int dimension;

	private final int signWords;

	private byte[] vectors;

	private long[] signs;

	private float[] scales;

	private int[] indexes;

	private final boolean centred;

	private final double[] sum;

	private float[] signCentre;

	private int sumCount;

	private int signCentreSize;

	private final BitSet present = new BitSet();

	private int size;

	private int firstMissingIndex;

	ConversationVectors(int dimension) {
		this(dimension, true);
	}

	ConversationVectors(int dimension, boolean centred) {
		this(dimension, EXACT_UP_TO, SIGN_PASS_KEEPS_ONE_IN, centred);
	}

	ConversationVectors(int dimension, int exactUpTo, int keepOneIn, boolean centred) {
		this.centred = centred;
		this.sum = new double[dimension];
		this.signCentre = new float[dimension];
		this.exactUpTo = exactUpTo;
		this.keepOneIn = keepOneIn;
		this.dimension = dimension;
		this.signWords = (dimension + 63) / 64;
		this.signs = new long[0];
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
		return add(index, vector, true);
	}

	/**
	 * Adds the vectors read for a conversation being loaded, a page at a time, taking a
	 * new snapshot of the mean for the sign bits at most once per page rather than as it
	 * grows.
	 * @param rows the vectors in any order; those present already are skipped
	 */
	synchronized void addAll(List<IndexedVector> rows) {
		for (IndexedVector row : rows) {
			add(row.index(), row.vector(), false);
		}
		if (this.centred && this.size > this.signCentreSize + Math.max(16, this.signCentreSize / 8)) {
			recentreSigns();
		}
	}

	private long add(int index, QuantizedVector vector, boolean recentre) {
		if (vector.dimension() != this.dimension || this.present.get(index)) {
			return 0;
		}

		long before = bytes();
		if (this.size == this.indexes.length) {
			grow();
		}
		System.arraycopy(vector.values(), 0, this.vectors, this.size * this.dimension, this.dimension);
		signsOf(vector.values(), vector.scale(), this.signCentre, this.signs, this.size * this.signWords);
		this.scales[this.size] = vector.scale();
		this.indexes[this.size] = index;
		this.size++;
		this.present.set(index);
		this.firstMissingIndex = this.present.nextClearBit(this.firstMissingIndex);
		if (this.centred && CentredQuestion.addTo(this.sum, vector)) {
			this.sumCount++;
			if (recentre && this.size > this.signCentreSize + Math.max(16, this.signCentreSize / 8)) {
				recentreSigns();
			}
		}
		return bytes() - before;
	}

	/**
	 * Takes a new snapshot of the mean for the sign bits and recomputes them all.
	 */
	private void recentreSigns() {
		float[] mean = CentredQuestion.mean(this.sum, this.sumCount);
		if (mean == null) {
			return;
		}
		this.signCentre = mean;
		this.signCentreSize = this.size;
		Arrays.fill(this.signs, 0, this.size * this.signWords, 0L);
		byte[] values = new byte[this.dimension];
		for (int i = 0; i < this.size; i++) {
			System.arraycopy(this.vectors, i * this.dimension, values, 0, this.dimension);
			signsOf(values, this.scales[i], this.signCentre, this.signs, i * this.signWords);
		}
	}

	/**
	 * Prepares a question for scoring here: centred on this conversation's mean when
	 * centring is on.
	 * @param question the question's vector
	 * @return the prepared question
	 */
	synchronized CentredQuestion prepare(QuantizedVector question) {
		return this.centred ? CentredQuestion.of(question, this.sum, this.sumCount) : CentredQuestion.plain(question);
	}

	/**
	 * Offers the messages below an index to the best matches for a question: all of them
	 * up to {@link #EXACT_UP_TO}, else the closest eighth by sign bits.
	 *
	 * <p>
	 * The sign bits of a vector (48 bytes for 384 dimensions) compared by Hamming
	 * distance cost about a fiftieth of the full byte dot product, and the closest few
	 * percent by that distance hold the best matches by cosine with high probability; the
	 * benchmark measures how often the result equals the exact one.
	 * @param question the question's vector
	 * @param beforeIndex the first index not to consider
	 * @param matches the best matches so far
	 */
	synchronized void score(QuantizedVector question, int beforeIndex, BestMatches matches) {
		if (question.dimension() != this.dimension) {
			return;
		}
		CentredQuestion prepared = prepare(question);
		if (this.size <= this.exactUpTo) {
			scoreWithin(prepared, beforeIndex, null, 0, matches);
			return;
		}
		long[] questionSigns = new long[this.signWords];
		signsOf(prepared.vector().values(), 1, null, questionSigns, 0);
		short[] distances = new short[this.size];
		int cutoff = hammingCutoff(questionSigns, beforeIndex, distances);
		scoreWithin(prepared, beforeIndex, distances, cutoff, matches);
	}

	/**
	 * Scores every vector, for the exact scan and for tests.
	 */
	synchronized void scoreAll(QuantizedVector question, int beforeIndex, BestMatches matches) {
		scoreWithin(prepare(question), beforeIndex, null, 0, matches);
	}

	/**
	 * Offers the vectors below an index, all of them or, given their sign-bit distances,
	 * those within the cutoff.
	 */
	private void scoreWithin(CentredQuestion question, int beforeIndex, short @Nullable [] distances, int cutoff,
			BestMatches matches) {
		for (int i = 0; i < this.size; i++) {
			if (this.indexes[i] < beforeIndex && (distances == null || distances[i] <= cutoff)) {
				int offset = i * this.dimension;
				matches.offer(this.indexes[i], question.score(this.vectors, offset, this.scales[i]), this.vectors,
						offset, this.scales[i]);
			}
		}
	}

	/**
	 * The smallest Hamming distance within which the wanted number of eligible vectors
	 * lie, found with a histogram; each vector's distance is kept for the scoring pass.
	 */
	private int hammingCutoff(long[] questionSigns, int beforeIndex, short[] distances) {
		int[] histogram = new int[this.signWords * 64 + 1];
		for (int i = 0; i < this.size; i++) {
			if (this.indexes[i] < beforeIndex) {
				int distance = hamming(questionSigns, i);
				distances[i] = (short) distance;
				histogram[distance]++;
			}
		}
		int wanted = Math.max(this.exactUpTo, this.size / this.keepOneIn);
		int count = 0;
		for (int distance = 0; distance < histogram.length; distance++) {
			count += histogram[distance];
			if (count >= wanted) {
				return distance;
			}
		}
		return histogram.length;
	}

	private int hamming(long[] questionSigns, int position) {
		int distance = 0;
		int offset = position * this.signWords;
		for (int word = 0; word < this.signWords; word++) {
			distance += Long.bitCount(questionSigns[word] ^ this.signs[offset + word]);
		}
		return distance;
	}

	/**
	 * Sets the bits of the components that are negative once the vector is centred.
	 * @param values the vector's bytes
	 * @param scale its scale
	 * @param centre the centre, or {@code null} for none
	 * @param signs where the bits go
	 * @param offset the first word of the vector's bits
	 */
	private static void signsOf(byte[] values, float scale, @Nullable float[] centre, long[] signs, int offset) {
		for (int i = 0; i < values.length; i++) {
			if (((centre != null) ? values[i] * scale - centre[i] : values[i]) < 0) {
				signs[offset + i / 64] |= 1L << (i % 64);
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
	 * The heap this holds, counting array capacity, the index bits, the running sum and
	 * the sign bits' centre.
	 * @return the size in bytes
	 */
	synchronized long bytes() {
		return FIXED_BYTES + 12L * this.dimension + this.vectors.length + 8L * this.signs.length
				+ 4L * this.scales.length + 4L * this.indexes.length + this.present.size() / 8;
	}

	/**
	 * The bytes a conversation of some messages takes at least, before growth slack.
	 * @param messages the number of messages
	 * @param dimension the vector dimension
	 * @return the size in bytes
	 */
	static long bytesFor(int messages, int dimension) {
		return FIXED_BYTES + 12L * dimension + (long) messages * (dimension + 8 + 8L * ((dimension + 63) / 64))
				+ messages / 8;
	}

	private void grow() {
		int capacity = Math.max(16, this.indexes.length + (this.indexes.length >> 1));
		this.vectors = Arrays.copyOf(this.vectors, capacity * this.dimension);
		this.signs = Arrays.copyOf(this.signs, capacity * this.signWords);
		this.scales = Arrays.copyOf(this.scales, capacity);
		this.indexes = Arrays.copyOf(this.indexes, capacity);
	}

}
