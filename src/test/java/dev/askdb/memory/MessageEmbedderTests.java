package dev.askdb.memory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class MessageEmbedderTests {

	private final CountingModel model = new CountingModel();

	private final MessageEmbedder embedder = new MessageEmbedder(() -> this.model, "counting", 2_000);

	@Test
	void embedsARecentTextOnce() {
		QuantizedVector first = this.embedder.embed("Which artist sold the most albums?");
		QuantizedVector second = this.embedder.embed("Which artist sold the most albums?");

		assertThat(second.values()).isEqualTo(first.values());
		assertThat(this.model.calls.get()).isEqualTo(1);
	}

	@Test
	void aTextBeingEmbeddedIsWaitedForRatherThanEmbeddedAgain() throws Exception {
		CountDownLatch inModel = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.model.onCall = () -> {
			inModel.countDown();
			await(release);
		};
		CompletableFuture<QuantizedVector> background = CompletableFuture
			.supplyAsync(() -> this.embedder.embed("How many invoices were paid late?"));
		assertThat(inModel.await(10, TimeUnit.SECONDS)).isTrue();
		this.model.onCall = () -> {
		};
		CompletableFuture<QuantizedVector> request = CompletableFuture
			.supplyAsync(() -> this.embedder.embed("How many invoices were paid late?"));

		Thread.sleep(50);
		assertThat(request).isNotDone();
		release.countDown();

		assertThat(request.get(10, TimeUnit.SECONDS).values()).isEqualTo(background.get(10, TimeUnit.SECONDS).values());
		assertThat(this.model.calls.get()).isEqualTo(1);
	}

	@Test
	void aFailureIsNotRemembered() {
		AtomicBoolean fail = new AtomicBoolean(true);
		this.model.onCall = () -> {
			if (fail.getAndSet(false)) {
				throw new IllegalStateException("model failed");
			}
		};

		assertThatRuntimeException().isThrownBy(() -> this.embedder.embed("Total sales by country"));
		QuantizedVector retried = this.embedder.embed("Total sales by country");

		assertThat(retried.dimension()).isEqualTo(CountingModel.DIMENSION);
		assertThat(this.model.calls.get()).isEqualTo(2);
	}

	@Test
	void keepsOnlyTheMostRecentTexts() {
		this.embedder.embed("text number 0");
		for (int i = 1; i <= MessageEmbedder.RECENT_TEXTS; i++) {
			this.embedder.embed("text number " + i);
		}
		int calls = this.model.calls.get();

		this.embedder.embed("text number " + MessageEmbedder.RECENT_TEXTS);
		this.embedder.embed("text number 0");

		assertThat(calls).isEqualTo(MessageEmbedder.RECENT_TEXTS + 1);
		assertThat(this.model.calls.get()).isEqualTo(calls + 1);
	}

	@Test
	void longTextsShareTheEmbeddingOfTheirBeginning() {
		String head = "a".repeat(2_000);

		this.embedder.embed(head + " and a tail the model never reads");
		this.embedder.embed(head + " and another tail");

		assertThat(this.model.calls.get()).isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The word-hashing model, counting the texts it embeds and running a hook before
	 * each.
	 */
	private static final class CountingModel implements EmbeddingModel {

		static final int DIMENSION = 64;

		private final EmbeddingModel words = new WordHashingEmbeddingModel(DIMENSION);

		final AtomicInteger calls = new AtomicInteger();

		volatile Runnable onCall = () -> {
		};

		@Override
		public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
			this.calls.addAndGet(segments.size());
			this.onCall.run();
			return this.words.embedAll(segments);
		}

		@Override
		public int dimension() {
			return DIMENSION;
		}

	}

}
