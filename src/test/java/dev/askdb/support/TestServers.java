package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Context initializers that point a full askdb server at a fresh data folder, the shared
 * fake model, and either an embedded SQLite store or a real PostgreSQL server.
 */
public final class TestServers {

	/**
	 * A fixed signing secret, so that tests can forge tokens the way an attacker would.
	 */
	public static final String JWT_SECRET_BASE64 = "dGVzdC1vbmx5LXNpZ25pbmctc2VjcmV0LW9mLTY0LWJ5dGVzLWxvbmctZW5vdWdoLWZvci1oczM4NC1hbmQteA==";

	private TestServers() {
	}

	static Path newDataFolder() {
		try {
			return Files.createTempDirectory("askdb-test-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static TestPropertyValues common(Path dataFolder) {
		return TestPropertyValues.of("askdb.data-dir=" + dataFolder, "askdb.security.jwt-secret=" + JWT_SECRET_BASE64,
				"askdb.chat.base-url=" + FakeOpenAi.shared().baseUrl(), "askdb.chat.max-retries=0",
				"askdb.chat.read-timeout=2s", "logging.level.dev.askdb=DEBUG");
	}

	/**
	 * An askdb server on an embedded SQLite store in a fresh data folder.
	 */
	public static class Sqlite implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Path dataFolder = newDataFolder();
			common(dataFolder).and("spring.datasource.url=jdbc:sqlite:" + dataFolder.resolve("askdb.db"))
				.applyTo(context);
		}

	}

	/**
	 * An askdb server on a fresh database of the embedded PostgreSQL server.
	 */
	public static class Postgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			common(newDataFolder())
				.and("spring.datasource.url=" + EmbeddedPostgresServer.newDatabase(),
						"spring.datasource.username=postgres", "spring.datasource.password=postgres")
				.applyTo(context);
		}

	}

}
