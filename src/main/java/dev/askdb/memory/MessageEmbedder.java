package dev.askdb.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.langchain4j.model.embedding.EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns message text into quantized embeddings with a model that runs in this process,
 * loading the model on first use and sharing it between threads.
 *
 * <p>
 * The last few texts keep their embeddings, and a text being embedded is not embedded a
 * second time meanwhile: a new question is embedded once, by whichever asks first of the
 * background job that remembers it and the recall that searches with it, and the other
 * takes that result (waiting for it if it is under way).
 */
class MessageEmbedder {

	private static final Logger logger = LoggerFactory.getLogger(MessageEmbedder.class);

	private final Supplier<EmbeddingModel> modelLoader;

	private final String modelName;

	private final int maxChars;

	/**
	 * How many of the most recently embedded texts keep their embeddings.
	 */
	static final int RECENT_TEXTS = 32;

	private volatile EmbeddingModel model;

	private final Map<String, CompletableFuture<QuantizedVector>> recent = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<QuantizedVector>> eldest) {
			return size() > RECENT_TEXTS;
		}

	};

	MessageEmbedder(Supplier<EmbeddingModel> modelLoader, String modelName, int maxChars) {
		this.modelLoader = modelLoader;
		this.modelName = modelName;
		this.maxChars = maxChars;
	}

	/**
	 * The name stored beside every vector, so that vectors of another model can be told
	 * apart later.
	 * @return the model's name
	 */
	String modelName() {
		return this.modelName;
	}

	int maxChars() {
		return this.maxChars;
	}

	/**
	 * Embeds the beginning of a text; blank text gets a zero vector, which matches
	 * nothing.
	 * @param text the text
	 * @return its normalized, quantized embedding
	 */
	QuantizedVector embed(String text) {
		EmbeddingModel loaded = model();
		if (text == null || text.isBlank()) {
			return QuantizedVector.zero(loaded.dimension());
		}

		String head = (text.length() > this.maxChars) ? text.substring(0, this.maxChars) : text;
		CompletableFuture<QuantizedVector> mine = new CompletableFuture<>();
		CompletableFuture<QuantizedVector> shared;
		synchronized (this.recent) {
			shared = this.recent.putIfAbsent(head, mine);
		}
		if (shared != null) {
			try {
				return shared.join();
			}
			catch (CompletionException ex) {
				return quantized(loaded, head);
			}
		}
		try {
			QuantizedVector vector = quantized(loaded, head);
			mine.complete(vector);
			return vector;
		}
		catch (RuntimeException ex) {
			synchronized (this.recent) {
				this.recent.remove(head, mine);
			}
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	private static QuantizedVector quantized(EmbeddingModel model, String text) {
		return QuantizedVector.of(model.embed(text).content().vector());
	}

	QuantizedVector zero() {
		return QuantizedVector.zero(model().dimension());
	}

	/**
	 * Loads the model now if it is not loaded yet.
	 */
	void warmUp() {
		model();
	}

	private EmbeddingModel model() {
		EmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				loaded = this.model;
				if (loaded == null) {
					long start = System.nanoTime();
					loaded = this.modelLoader.get();
					this.model = loaded;
					logger.info("Loaded embedding model {} in {} ms", this.modelName,
							(System.nanoTime() - start) / 1_000_000);
				}
			}
		}
		return loaded;
	}

}
