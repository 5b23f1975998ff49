package dev.askdb.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.springframework.stereotype.Component;

/**
 * The one place that opens a stored upload: read-only by open flag, immutable so nothing
 * is ever written beside the file, with extensions, attachments and memory mapping off
 * and the size of built values capped.
 */
@Component
class UploadedDatabaseOpener {

	private static final Logger logger = LoggerFactory.getLogger(UploadedDatabaseOpener.class);

	private final SqlProperties properties;

	UploadedDatabaseOpener(SqlProperties properties) {
		this.properties = properties;
	}

	/**
	 * Opens a stored upload for reading.
	 * @param file the stored upload, which must exist
	 * @return an open connection the caller closes
	 * @throws SQLException when SQLite cannot open it
	 */
	Connection open(Path file) throws SQLException {
		if (!Files.isRegularFile(file)) {
			throw new SQLException("the stored file is missing");
		}
		Connection connection = config().createConnection(url(file));
		try {
			harden(connection);
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		logger.debug("Opened stored upload {} read-only", file.getFileName());
		return connection;
	}

	private SQLiteConfig config() {
		SQLiteConfig config = new SQLiteConfig();
		config.resetOpenMode(SQLiteOpenMode.CREATE);
		config.resetOpenMode(SQLiteOpenMode.READWRITE);
		config.setOpenMode(SQLiteOpenMode.READONLY);
		config.setOpenMode(SQLiteOpenMode.OPEN_URI);
		config.enableLoadExtension(false);
		config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
		config.setPragma(SQLiteConfig.Pragma.LIMIT_ATTACHED, "0");
		config.setPragma(SQLiteConfig.Pragma.LIMIT_LENGTH, Integer.toString(this.properties.maxValueBytes()));
		config.setPragma(SQLiteConfig.Pragma.LIMIT_SQL_LENGTH,
				Integer.toString(Math.max(this.properties.maxSqlLength() * 4 + 64, 1_000_000)));
		return config;
	}

	/**
	 * Builds the URI form of the path: stored uploads never change, so {@code immutable}
	 * tells SQLite to take no locks and create no journal, WAL or shared-memory file.
	 */
	private static String url(Path file) {
		return "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1";
	}

	private static void harden(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("PRAGMA trusted_schema = OFF");
			statement.executeUpdate("PRAGMA query_only = ON");
		}
	}

}
