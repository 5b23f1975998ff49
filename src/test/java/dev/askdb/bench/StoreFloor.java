package dev.askdb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The metadata store's floor for posting a message: raw JDBC doing the writes one post
 * does (two transactions, each counting the message into its conversation and inserting
 * it, the second also adding token usage) in the server's durability mode, on the same
 * disk or the same PostgreSQL server, with one connection per client.
 */
final class StoreFloor {

	private final String url;

	private final Properties properties;

	private final boolean sqlite;

	private StoreFloor(String url, Properties properties, boolean sqlite) {
		this.url = url;
		this.properties = properties;
		this.sqlite = sqlite;
	}

	/**
	 * A fresh SQLite store with the server's pragmas: WAL, {@code synchronous=FULL},
	 * immediate transactions, foreign keys, a 30 s busy timeout.
	 * @param file the store's file, on the same disk as the server's
	 * @return the floor
	 */
	static StoreFloor sqlite(Path file) {
		Properties properties = new Properties();
		properties.setProperty("foreign_keys", "true");
		properties.setProperty("journal_mode", "WAL");
		properties.setProperty("synchronous", "FULL");
		properties.setProperty("busy_timeout", "30000");
		properties.setProperty("transaction_mode", "IMMEDIATE");
		StoreFloor floor = new StoreFloor("jdbc:sqlite:" + file, properties, true);
		floor.migrate("db/migration/sqlite/V1__metadata_store.sql");
		return floor;
	}

	/**
	 * A fresh PostgreSQL database, with the driver's defaults (synchronous commit on).
	 * @param jdbcUrl the database's URL; user and password are {@code postgres}
	 * @return the floor
	 */
	static StoreFloor postgres(String jdbcUrl) {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("password", "postgres");
		StoreFloor floor = new StoreFloor(jdbcUrl, properties, false);
		floor.migrate("db/migration/postgresql/V1__metadata_store.sql");
		return floor;
	}

	/**
	 * Posts as many messages as the clients manage in the given time, each client in its
	 * own conversation.
	 * @param clients the concurrent clients, one connection each
	 * @param duration how long to post
	 * @return posts per second
	 */
	double postsPerSecond(int clients, Duration duration) {
		long[] conversations = seed(clients);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		List<Future<Integer>> workers = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			long conversation = conversations[i];
			workers.add(pool.submit(() -> post(conversation, deadline)));
		}
		int posts = 0;
		try {
			for (Future<Integer> worker : workers) {
				posts += worker.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The store floor failed", ex);
		}
		finally {
			pool.shutdownNow();
		}
		return posts / ((System.nanoTime() - started) / 1e9);
	}

	private int post(long conversation, long deadline) throws SQLException {
		try (Connection connection = connect()) {
			connection.setAutoCommit(false);
			int posts = 0;
			while (System.nanoTime() < deadline) {
				append(connection, conversation, "user", "How many tracks are there, take " + posts + "?", false);
				append(connection, conversation, "assistant", "The answer is 42.", true);
				posts++;
			}
			return posts;
		}
	}

	private void append(Connection connection, long conversation, String role, String content, boolean reply)
			throws SQLException {
		Object now = this.sqlite ? (Object) System.currentTimeMillis() : OffsetDateTime.now();
		try (PreparedStatement count = connection.prepareStatement(
				"UPDATE conversations SET message_count = message_count + 1, last_modified = ? WHERE id = ? AND owner_id = ?");
				PreparedStatement read = connection
					.prepareStatement("SELECT message_count FROM conversations WHERE id = ?");
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO messages (conversation_id, message_index, role, content, queries, recalled, token_count,"
								+ " prompt_tokens, completion_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
				PreparedStatement tokens = connection.prepareStatement(
						"UPDATE conversations SET prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ? WHERE id = ?")) {
			count.setObject(1, now);
			count.setLong(2, conversation);
			count.setLong(3, 1);
			count.executeUpdate();
			read.setLong(1, conversation);
			int index;
			try (ResultSet rows = read.executeQuery()) {
				rows.next();
				index = rows.getInt(1) - 1;
			}
			if (reply) {
				tokens.setLong(1, 100);
				tokens.setLong(2, 10);
				tokens.setLong(3, conversation);
				tokens.executeUpdate();
			}
			insert.setLong(1, conversation);
			insert.setInt(2, index);
			insert.setString(3, role);
			insert.setString(4, content);
			insert.setString(5, reply ? "[]" : null);
			insert.setString(6, reply ? "[]" : null);
			insert.setInt(7, 12);
			insert.setObject(8, reply ? 100 : null);
			insert.setObject(9, reply ? 10 : null);
			insert.setObject(10, now);
			insert.executeUpdate();
			connection.commit();
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
	}

	private long[] seed(int clients) {
		Object now = this.sqlite ? (Object) System.currentTimeMillis() : OffsetDateTime.now();
		try (Connection connection = connect()) {
			execute(connection, "DELETE FROM users");
			try (PreparedStatement user = connection.prepareStatement(
					"INSERT INTO users (id, username, password_hash, created_at) VALUES (1, 'floor', 'x', ?)")) {
				user.setObject(1, now);
				user.executeUpdate();
			}
			try (PreparedStatement database = connection.prepareStatement(
					"INSERT INTO databases (id, owner_id, name, file_name, size_bytes, table_count, sha256, created_at)"
							+ " VALUES (1, 1, 'floor', 'floor.sqlite', 1, 1, 'x', ?)")) {
				database.setObject(1, now);
				database.executeUpdate();
			}
			long[] conversations = new long[clients];
			try (PreparedStatement conversation = connection.prepareStatement(
					"INSERT INTO conversations (id, owner_id, database_id, name, created_at, last_modified)"
							+ " VALUES (?, 1, 1, 'floor', ?, ?)")) {
				for (int i = 0; i < clients; i++) {
					conversations[i] = i + 1;
					conversation.setLong(1, i + 1);
					conversation.setObject(2, now);
					conversation.setObject(3, now);
					conversation.executeUpdate();
				}
			}
			return conversations;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot seed the store floor", ex);
		}
	}

	private void migrate(String resource) {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource);
				Connection connection = connect()) {
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String withoutComments = Arrays.stream(script.split("\n"))
				.filter((line) -> !line.strip().startsWith("--"))
				.reduce("", (all, line) -> all + line + "\n");
			for (String statement : withoutComments.split(";")) {
				if (!statement.isBlank()) {
					execute(connection, statement);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the store floor's schema", ex);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.properties);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
