package dev.askdb.memory;

/**
 * A question prepared for scoring against one conversation's vectors after both are
 * centred on the conversation's mean vector.
 *
 * <p>
 * The messages of one conversation share a strong common direction (same database, same
 * kind of talk), so their plain cosines to any question are high and close together, and
 * generic chit-chat outscores the one message that is really about the question.
 * Subtracting the mean removes what every message has in common and compares what is
 * particular to each: the centred cosine {@code cos(q - m, v - m)}. For a unit vector
 * {@code v} it needs only two byte dot products per message and no per-message state that
 * depends on the mean: {@code (q'.v - q'.m) / sqrt(1 - 2 v.m + |m|^2)} with {@code q'}
 * the normalized centred question.
 *
 * <p>
 * The mean of a short conversation is mostly made of the few messages in it and would
 * push them apart; it is shrunk towards zero by
 * {@code n / (n + }{@value #SHRINK_MESSAGES}{@code )}, so a conversation of ten messages
 * is centred a third of the way and one of thousands almost fully.
 */
final class CentredQuestion {

	/**
	 * The number of messages at which the mean counts half.
	 */
	static final int SHRINK_MESSAGES = 20;

	private final QuantizedVector question;

	private final QuantizedVector centre;

	private final double centreNorm;

	private final double questionDotCentre;

	private CentredQuestion(QuantizedVector question, QuantizedVector centre, double centreNorm,
			double questionDotCentre) {
		this.question = question;
		this.centre = centre;
		this.centreNorm = centreNorm;
		this.questionDotCentre = questionDotCentre;
	}

	/**
	 * The question as it is, for plain cosine scoring.
	 * @param question the question's vector
	 * @return the prepared question
	 */
	static CentredQuestion plain(QuantizedVector question) {
		return new CentredQuestion(question, QuantizedVector.zero(question.dimension()), 0, 0);
	}

	/**
	 * The question centred on the mean of some vectors.
	 * @param question the question's vector
	 * @param sum the component-wise sum of the vectors
	 * @param count how many vectors the sum holds
	 * @return the prepared question
	 */
	static CentredQuestion of(QuantizedVector question, double[] sum, int count) {
		float[] mean = mean(sum, count);
		if (mean == null || question.scale() == 0) {
			return plain(question);
		}
		double meanNorm = 0;
		for (float component : mean) {
			meanNorm += component * component;
		}
		meanNorm = Math.sqrt(meanNorm);
		if (meanNorm == 0) {
			return plain(question);
		}

		float[] centred = new float[mean.length];
		double centredNorm = 0;
		for (int i = 0; i < mean.length; i++) {
			centred[i] = question.values()[i] * question.scale() - mean[i];
			centredNorm += centred[i] * centred[i];
		}
		centredNorm = Math.sqrt(centredNorm);
		if (centredNorm == 0) {
			return plain(question);
		}
		double dot = 0;
		for (int i = 0; i < mean.length; i++) {
			dot += centred[i] / centredNorm * mean[i];
		}
		return new CentredQuestion(QuantizedVector.of(centred), QuantizedVector.of(mean), meanNorm, dot);
	}

	/**
	 * The shrunk mean of some vectors, or {@code null} for none.
	 * @param sum the component-wise sum
	 * @param count how many vectors it holds
	 * @return the mean times {@code count / (count + SHRINK_MESSAGES)}
	 */
	static float[] mean(double[] sum, int count) {
		if (count <= 0) {
			return null;
		}
		double factor = 1.0 / (count + SHRINK_MESSAGES);
		float[] mean = new float[sum.length];
		for (int i = 0; i < sum.length; i++) {
			mean[i] = (float) (sum[i] * factor);
		}
		return mean;
	}

	/**
	 * Adds a vector to a component-wise sum.
	 * @param sum the sum
	 * @param vector the vector
	 * @return whether it counts, which a zero vector (a failed embedding) does not
	 */
	static boolean addTo(double[] sum, QuantizedVector vector) {
		if (vector.scale() == 0) {
			return false;
		}
		byte[] values = vector.values();
		for (int i = 0; i < values.length; i++) {
			sum[i] += values[i] * (double) vector.scale();
		}
		return true;
	}

	/**
	 * The question as compared: centred and normalized, or the plain question.
	 * @return the vector
	 */
	QuantizedVector vector() {
		return this.question;
	}

	int dimension() {
		return this.question.dimension();
	}

	/**
	 * The centred cosine between the question and a unit vector packed at an offset.
	 * @param packed the array holding the vector's bytes
	 * @param offset where the vector starts
	 * @param scale the vector's scale; zero for a zero vector, which matches nothing
	 * @return the similarity, about -1 to 1
	 */
	double score(byte[] packed, int offset, float scale) {
		if (scale == 0) {
			return -1;
		}
		if (this.centreNorm == 0) {
			return this.question.similarity(packed, offset, scale);
		}
		// Both dot products in one pass over the message's bytes.
		byte[] question = this.question.values();
		byte[] centre = this.centre.values();
		int questionSum = 0;
		int centreSum = 0;
		for (int i = 0; i < question.length; i++) {
			int value = packed[offset + i];
			questionSum += question[i] * value;
			centreSum += centre[i] * value;
		}
		double questionDot = questionSum * (double) this.question.scale() * scale;
		double centreDot = centreSum * (double) this.centre.scale() * scale * this.centreNorm;
		double norm = Math.sqrt(Math.max(1e-6, 1 - 2 * centreDot + this.centreNorm * this.centreNorm));
		return (questionDot - this.questionDotCentre) / norm;
	}

	double score(QuantizedVector vector) {
		return score(vector.values(), 0, vector.scale());
	}

}
