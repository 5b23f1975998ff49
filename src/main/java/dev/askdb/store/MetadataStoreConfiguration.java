package dev.askdb.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the connection pool of the metadata store, shaping it for SQLite's single writer
 * when the store is SQLite.
 *
 * <p>
 * On SQLite every pooled connection gets foreign keys, WAL, a busy timeout,
 * {@code synchronous=FULL} and immediate transactions: a transaction takes the write lock
 * when it begins (waiting on the busy timeout), so a reader never has to upgrade to a
 * writer mid-transaction, which is what makes SQLite answer "database is locked". On any
 * other database the pool is built from {@code spring.datasource.*} as usual.
 */
@Configuration(proxyBeanMethods = false)
class MetadataStoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MetadataStoreConfiguration.class);

	static final String SQLITE_PREFIX = "jdbc:sqlite:";

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DataSourceProperties properties, DataFolder dataFolder) {
		String url = properties.determineUrl();
		HikariDataSource dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		dataSource.setPoolName("metadata-store");
		if (isSqlite(url)) {
			configureSqlite(dataSource, url, dataFolder);
		}
		return dataSource;
	}

	@Bean
	HibernatePropertiesCustomizer sqliteDialect(DataSourceProperties properties) {
		return (hibernate) -> {
			if (isSqlite(properties.determineUrl())) {
				hibernate.put("hibernate.dialect", SqliteStoreDialect.class.getName());
			}
		};
	}

	private static void configureSqlite(HikariDataSource dataSource, String url, DataFolder dataFolder) {
		Path file = Path.of(url.substring(SQLITE_PREFIX.length()).replaceFirst("\\?.*$", ""));
		DataFolder.ensureFolder(file.toAbsolutePath().getParent());
		dataFolder.root();
		dataSource.addDataSourceProperty("foreign_keys", "true");
		dataSource.addDataSourceProperty("journal_mode", "WAL");
		dataSource.addDataSourceProperty("synchronous", "FULL");
		dataSource.addDataSourceProperty("busy_timeout", "30000");
		dataSource.addDataSourceProperty("transaction_mode", "IMMEDIATE");
		dataSource.addDataSourceProperty("date_class", "INTEGER");
		logger.info("Metadata store is SQLite at {}", file.toAbsolutePath().normalize());
	}

	static boolean isSqlite(String url) {
		return url != null && url.startsWith(SQLITE_PREFIX);
	}

}
