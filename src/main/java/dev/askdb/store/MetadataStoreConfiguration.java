package dev.askdb.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Builds the connection pools of the metadata store, shaping them for SQLite's single
 * writer when the store is SQLite.
 *
 * <p>
 * On SQLite, writes and reads get pools of their own behind one data source that routes
 * by the transaction's read-only flag. The writer pool holds one connection whose
 * transactions begin immediately: writers queue for it in the pool instead of meeting
 * SQLite's lock, and a reader never upgrades to a writer mid-transaction, which is what
 * makes SQLite answer "database is locked". The reader pool's connections are query-only
 * and begin deferred, so under WAL they read side by side with each other and with the
 * writer. Every connection gets foreign keys, a busy timeout and
 * {@code synchronous=FULL}. On any other database the pool is built from
 * {@code spring.datasource.*} as usual.
 */
@Configuration(proxyBeanMethods = false)
class MetadataStoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MetadataStoreConfiguration.class);

	static final String SQLITE_PREFIX = "jdbc:sqlite:";

	private static final int SQLITE_READERS = 8;

	@Bean
	DataSource dataSource(DataSourceProperties properties, DataFolder dataFolder, Environment environment) {
		String url = properties.determineUrl();
		if (!isSqlite(url)) {
			HikariDataSource pool = pool(properties, "metadata-store");
			Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
			return pool;
		}
		ensureParentFolder(url, dataFolder);
		HikariDataSource writer = sqlitePool(properties, "metadata-store-writer", "IMMEDIATE");
		writer.setMaximumPoolSize(1);
		HikariDataSource readers = sqlitePool(properties, "metadata-store-readers", "DEFERRED");
		readers.setMaximumPoolSize(SQLITE_READERS);
		readers.setConnectionInitSql("PRAGMA query_only = ON");
		LazyConnectionDataSourceProxy routing = new LazyConnectionDataSourceProxy(writer);
		routing.setReadOnlyDataSource(readers);
		return routing;
	}

	@Bean
	HibernatePropertiesCustomizer sqliteDialect(DataSourceProperties properties) {
		return (hibernate) -> {
			if (isSqlite(properties.determineUrl())) {
				hibernate.put("hibernate.dialect", SqliteStoreDialect.class.getName());
			}
		};
	}

	private static HikariDataSource sqlitePool(DataSourceProperties properties, String name, String transactionMode) {
		HikariDataSource pool = pool(properties, name);
		pool.addDataSourceProperty("foreign_keys", "true");
		pool.addDataSourceProperty("journal_mode", "WAL");
		pool.addDataSourceProperty("synchronous", "FULL");
		pool.addDataSourceProperty("busy_timeout", "30000");
		pool.addDataSourceProperty("transaction_mode", transactionMode);
		pool.addDataSourceProperty("date_class", "INTEGER");
		return pool;
	}

	private static HikariDataSource pool(DataSourceProperties properties, String name) {
		HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		pool.setPoolName(name);
		return pool;
	}

	private static void ensureParentFolder(String url, DataFolder dataFolder) {
		Path file = Path.of(url.substring(SQLITE_PREFIX.length()).replaceFirst("\\?.*$", ""));
		DataFolder.ensureFolder(file.toAbsolutePath().getParent());
		dataFolder.root();
		logger.info("Metadata store is SQLite at {}", file.toAbsolutePath().normalize());
	}

	static boolean isSqlite(String url) {
		return url != null && url.startsWith(SQLITE_PREFIX);
	}

}
