package dev.askdb.memory;

/**
 * A normalized embedding stored as one signed byte per dimension and a scale that turns
 * the bytes back into the components.
 *
 * <p>
 * Every vector carries its own scale (its largest component over 127), so a vector with
 * small components keeps all 8 bits of precision; the dot product of two vectors is the
 * integer dot product of their bytes times both scales.
 *
 * @param values the quantized components
 * @param scale the factor from a byte back to a component; zero for an empty vector
 */
record QuantizedVector(byte[] values, float scale) {

	static QuantizedVector of(float[] vector) {
		double norm = 0;
		for (float component : vector) {
			norm += component * component;
		}
		norm = Math.sqrt(norm);
		float max = 0;
		for (float component : vector) {
			max = Math.max(max, Math.abs(component));
		}
		byte[] values = new byte[vector.length];
		if (norm == 0 || max == 0) {
			return new QuantizedVector(values, 0f);
		}

		float scale = (float) (max / norm / 127.0);
		for (int i = 0; i < vector.length; i++) {
			values[i] = (byte) Math.round(vector[i] / norm / scale);
		}
		return new QuantizedVector(values, scale);
	}

	static QuantizedVector zero(int dimension) {
		return new QuantizedVector(new byte[dimension], 0f);
	}

	int dimension() {
		return this.values.length;
	}

	/**
	 * The cosine similarity to a vector packed at an offset of an array.
	 * @param packed the array holding the other vector's bytes
	 * @param offset where the other vector starts
	 * @param otherScale the other vector's scale
	 * @return the similarity, about -1 to 1
	 */
	double similarity(byte[] packed, int offset, float otherScale) {
		return dot(this.values, packed, offset) * (double) this.scale * otherScale;
	}

	double similarity(QuantizedVector other) {
		return similarity(other.values, 0, other.scale);
	}

	static int dot(byte[] query, byte[] packed, int offset) {
		// A plain loop: C2 compiles it to vector instructions, which manual unrolling
		// prevents.
		int sum = 0;
		for (int i = 0; i < query.length; i++) {
			sum += query[i] * packed[offset + i];
		}
		return sum;
	}

}
