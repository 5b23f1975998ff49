package dev.askdb.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/**
 * A fast stand-in for the embedding model: each word adds a fixed pseudo-random
 * direction, so texts sharing words are similar and others are nearly orthogonal.
 */
public final class WordHashingEmbeddingModel implements EmbeddingModel {

	private final int dimension;

	public WordHashingEmbeddingModel(int dimension) {
		this.dimension = dimension;
	}

	@Override
	public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
		List<Embedding> embeddings = new ArrayList<>(segments.size());
		for (TextSegment segment : segments) {
			embeddings.add(Embedding.from(vectorOf(segment.text())));
		}
		return Response.from(embeddings);
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

	@Override
	public String modelName() {
		return "word-hashing";
	}

	private float[] vectorOf(String text) {
		float[] vector = new float[this.dimension];
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (word.length() > 2) {
				long seed = word.hashCode() * 0x9E3779B97F4A7C15L;
				for (int i = 0; i < this.dimension; i++) {
					seed = seed * 6364136223846793005L + 1442695040888963407L;
					vector[i] += ((seed >>> 40) / (float) (1 << 24)) - 0.5f;
				}
			}
		}
		return vector;
	}

}
