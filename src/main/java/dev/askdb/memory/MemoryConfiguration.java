package dev.askdb.memory;

import javax.sql.DataSource;

import dev.langchain4j.model.embedding.EmbeddingModel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires message memory to the metadata store and to the local embedding model, or to an
 * {@link EmbeddingModel} bean when the context defines one (a test's fake, say).
 */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

	static final String LOCAL_MODEL_NAME = "all-minilm-l6-v2-q";

	@Bean(destroyMethod = "shutdown")
	MessageMemory messageMemory(MemoryProperties properties, DataSource dataSource,
			ObjectProvider<EmbeddingModel> embeddingModel) {
		EmbeddingModel custom = embeddingModel.getIfUnique();
		MessageEmbedder embedder = (custom != null)
				? new MessageEmbedder(() -> custom, custom.modelName(), properties.maxEmbeddedChars())
				: new MessageEmbedder(MemoryConfiguration::localModel, LOCAL_MODEL_NAME, properties.maxEmbeddedChars());
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		return new MessageMemory(properties, embedder, new EmbeddingStore(new JdbcTemplate(dataSource)), transactions);
	}

	@Bean(destroyMethod = "shutdown")
	MemoryBackfill memoryBackfill(MessageMemory messageMemory, MemoryProperties properties) {
		return new MemoryBackfill(messageMemory, properties);
	}

	/**
	 * The quantized all-MiniLM-L6-v2 model from its jar, run on the calling thread alone
	 * so that the embedding pool's bound is the only one.
	 * @return the model
	 */
	static EmbeddingModel localModel() {
		return new LocalEmbeddingModel();
	}

}
