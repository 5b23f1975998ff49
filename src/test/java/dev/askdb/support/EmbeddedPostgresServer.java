package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM, started on first use without Docker, with a
 * fresh database per caller.
 */
public final class EmbeddedPostgresServer {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	/**
	 * Creates an empty database on the shared server.
	 * @return its JDBC URL; user and password are {@code postgres}
	 */
	public static synchronized String newDatabase() {
		String name = "askdb_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
	}

	private static EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					// The JVM is exiting; the server's own cleanup takes over.
				}
			}));
		}
		return server;
	}

}
