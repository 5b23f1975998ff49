package dev.askdb.memory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Message memories for tests and the benchmark, on the local model (loaded once per JVM)
 * or on the word-hashing stand-in.
 */
final class TestMemories {

	private static EmbeddingModel localModel;

	private TestMemories() {
	}

	static synchronized EmbeddingModel localModel() {
		if (localModel == null) {
			localModel = MemoryConfiguration.localModel();
		}
		return localModel;
	}

	static MessageMemory local(DataSource dataSource, MemoryProperties properties) {
		return create(dataSource, properties, localModel(), MemoryConfiguration.LOCAL_MODEL_NAME);
	}

	static MessageMemory hashing(DataSource dataSource, MemoryProperties properties) {
		return create(dataSource, properties, new WordHashingEmbeddingModel(384), "word-hashing");
	}

	/**
	 * A memory on the word-hashing stand-in that counts the texts it embeds.
	 */
	static MessageMemory counting(DataSource dataSource, MemoryProperties properties, AtomicInteger embedded) {
		EmbeddingModel words = new WordHashingEmbeddingModel(384);
		EmbeddingModel counting = new EmbeddingModel() {

			@Override
			public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
				embedded.addAndGet(segments.size());
				return words.embedAll(segments);
			}

			@Override
			public int dimension() {
				return words.dimension();
			}

		};
		return create(dataSource, properties, counting, "word-hashing");
	}

	static MemoryProperties properties(int topK, double minScore, DataSize cacheSize, int queueCapacity) {
		return properties(topK, minScore, MemoryProperties.defaults().diversity(), cacheSize, queueCapacity);
	}

	static MemoryProperties properties(int topK, double minScore, double diversity, DataSize cacheSize,
			int queueCapacity) {
		return properties(topK, minScore, diversity, cacheSize, queueCapacity, true);
	}

	static MemoryProperties properties(int topK, double minScore, double diversity, DataSize cacheSize,
			int queueCapacity, boolean centred) {
		return new MemoryProperties(true, topK, minScore, diversity, 1, cacheSize, queueCapacity, 1, 200,
				Duration.ofMinutes(5), 2000, centred, MemoryProperties.defaults().recallTokens());
	}

	private static MessageMemory create(DataSource dataSource, MemoryProperties properties, EmbeddingModel model,
			String name) {
		MessageEmbedder embedder = new MessageEmbedder(() -> model, name, properties.maxEmbeddedChars());
		return new MessageMemory(properties, embedder, new EmbeddingStore(new JdbcTemplate(dataSource)),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

}
