package dev.askdb.memory;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring of message memory: property defaults, overrides, and the choice of embedding
 * model.
 */
class MemoryConfigurationTests {

	private static HikariDataSource store;

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, MemoryConfiguration.class)
		.withBean(DataSource.class, () -> store);

	@BeforeAll
	static void createStore() {
		store = MemoryStores.sqlite();
	}

	@AfterAll
	static void closeStore() {
		store.close();
	}

	@Test
	void bindsDefaultsAndUsesTheLocalModel() {
		this.contexts.run((context) -> {
			MessageMemory memory = context.getBean(MessageMemory.class);

			assertThat(memory.properties()).isEqualTo(MemoryProperties.defaults());
			assertThat(memory.modelName()).isEqualTo(MemoryConfiguration.LOCAL_MODEL_NAME);
		});
	}

	@Test
	void usesAnEmbeddingModelBeanWhenTheContextHasOne() {
		this.contexts.withBean(EmbeddingModel.class, () -> new WordHashingEmbeddingModel(384))
			.withPropertyValues("askdb.memory.top-k=9", "askdb.memory.cache-size=2MB")
			.run((context) -> {
				MessageMemory memory = context.getBean(MessageMemory.class);

				assertThat(memory.modelName()).isEqualTo("word-hashing");
				assertThat(memory.properties().topK()).isEqualTo(9);
				assertThat(memory.properties().cacheSize().toMegabytes()).isEqualTo(2);
			});
	}

	/**
	 * Binds the memory settings as the application's properties scan does.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MemoryProperties.class)
	static class Properties {

	}

}
