package dev.askdb.memory;

import java.util.List;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local model with its own session options computes what the jar's model class
 * computes.
 */
class LocalEmbeddingModelTests {

	private final EmbeddingModel local = TestMemories.localModel();

	@Test
	void embedsAsTheJarsOwnModelClassDoes() {
		EmbeddingModel jars = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
		List<String> texts = List.of("Our warehouse in Lisbon ships to all of Iberia.",
				"Which customers bought the most tracks last year?", "ok",
				"SELECT COUNT(*) FROM Invoice WHERE BillingCountry = 'Portugal'");

		for (String text : texts) {
			float[] ours = this.local.embed(text).content().vector();
			float[] theirs = jars.embed(text).content().vector();
			assertThat(ours).hasSize(384);
			assertThat(QuantizedVectorTests.cosine(ours, theirs)).as(text).isGreaterThan(0.9999);
		}
		assertThat(this.local.dimension()).isEqualTo(384);
	}

	@Test
	void placesTextsByMeaning() {
		float[] depot = this.local.embed("Our warehouse in Lisbon").content().vector();
		float[] portuguese = this.local.embed("the Portuguese depot").content().vector();
		float[] invoices = this.local.embed("Invoice totals by month").content().vector();

		assertThat(QuantizedVectorTests.cosine(depot, portuguese))
			.isGreaterThan(QuantizedVectorTests.cosine(depot, invoices) + 0.1);
	}

}
