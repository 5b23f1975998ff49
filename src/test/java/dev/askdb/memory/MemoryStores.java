package dev.askdb.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import dev.askdb.support.EmbeddedPostgresServer;

/**
 * Fresh metadata stores with the Flyway scripts applied, for tests that use message
 * memory without a server: a SQLite file set up the way the server sets it up, or a
 * database of the embedded PostgreSQL server.
 */
public final class MemoryStores {

	private static final AtomicInteger pools = new AtomicInteger();

	private MemoryStores() {
	}

	/**
	 * A new SQLite file with foreign keys, WAL, full sync and immediate transactions.
	 * @return its pool, migrated
	 */
	public static HikariDataSource sqlite() {
		HikariDataSource dataSource = pool("jdbc:sqlite:" + newFolder().resolve("askdb.db"));
		dataSource.addDataSourceProperty("foreign_keys", "true");
		dataSource.addDataSourceProperty("journal_mode", "WAL");
		dataSource.addDataSourceProperty("synchronous", "FULL");
		dataSource.addDataSourceProperty("busy_timeout", "30000");
		dataSource.addDataSourceProperty("transaction_mode", "IMMEDIATE");
		return migrate(dataSource, "sqlite");
	}

	/**
	 * A new database on the embedded PostgreSQL server.
	 * @return its pool, migrated
	 */
	public static HikariDataSource postgres() {
		HikariDataSource dataSource = pool(EmbeddedPostgresServer.newDatabase());
		dataSource.setUsername("postgres");
		dataSource.setPassword("postgres");
		return migrate(dataSource, "postgresql");
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("memory-test-" + pools.incrementAndGet());
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	private static HikariDataSource migrate(HikariDataSource dataSource, String vendor) {
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor).load().migrate();
		return dataSource;
	}

	private static Path newFolder() {
		try {
			return Files.createTempDirectory("askdb-memory-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
