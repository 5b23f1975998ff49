package dev.askdb.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks a stored copy of an upload before it is kept: a SQLite header, not empty, not
 * encrypted, not truncated, and SQLite's own quick check; a WAL-mode header is set back
 * to rollback mode so the file opens on its own.
 */
@Component
public class UploadedFileValidator {

	private static final Logger logger = LoggerFactory.getLogger(UploadedFileValidator.class);

	private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private static final int HEADER_SIZE = 100;

	/** Bits of entropy per byte above which content looks random, as ciphertext does. */
	private static final double ENCRYPTED_ENTROPY = 7.5;

	private final UploadedDatabaseOpener opener;

	private final SqlProperties properties;

	UploadedFileValidator(UploadedDatabaseOpener opener, SqlProperties properties) {
		this.opener = opener;
		this.properties = properties;
	}

	/**
	 * Checks a stored copy and fixes a WAL-mode header in place.
	 * @param storedCopy the server's own copy of the upload
	 * @return what the header says
	 * @throws InvalidDatabaseFileException when the file cannot be used, with the reason
	 */
	public DatabaseFileFacts validate(Path storedCopy) {
		try {
			long size = Files.size(storedCopy);
			byte[] header = readStart(storedCopy, HEADER_SIZE);
			checkHeader(storedCopy, size, header);
			DatabaseFileFacts facts = facts(header, rewriteWalHeader(storedCopy, header));
			checkLength(size, facts);
			checkWithSqlite(storedCopy);
			return facts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void checkHeader(Path file, long size, byte[] header) throws IOException {
		if (size == 0) {
			throw new InvalidDatabaseFileException("The file is empty. Upload a SQLite database file.");
		}
		if (header.length == HEADER_SIZE && Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			return;
		}
		if (looksEncrypted(file, size)) {
			throw new InvalidDatabaseFileException(
					"The file looks encrypted. Upload an unencrypted copy of the SQLite database.");
		}
		throw new InvalidDatabaseFileException("The file is not a SQLite database. Upload a SQLite database file.");
	}

	private static boolean looksEncrypted(Path file, long size) throws IOException {
		return size >= 1024 && size % 512 == 0 && entropy(readStart(file, 4096)) > ENCRYPTED_ENTROPY;
	}

	private static double entropy(byte[] bytes) {
		int[] counts = new int[256];
		for (byte value : bytes) {
			counts[value & 0xff]++;
		}
		double entropy = 0;
		for (int count : counts) {
			if (count > 0) {
				double share = (double) count / bytes.length;
				entropy -= share * Math.log(share) / Math.log(2);
			}
		}
		return entropy;
	}

	private static DatabaseFileFacts facts(byte[] header, boolean walRewritten) {
		int rawPageSize = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
		int pageSize = (rawPageSize == 1) ? 65536 : rawPageSize;
		if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
			throw new InvalidDatabaseFileException(
					"The file is damaged: its header names an impossible page size. Upload an undamaged copy.");
		}
		String encoding = switch (readInt(header, 56)) {
			case 2 -> "UTF-16le";
			case 3 -> "UTF-16be";
			default -> "UTF-8";
		};
		long pageCount = (readInt(header, 92) == readInt(header, 24)) ? Integer.toUnsignedLong(readInt(header, 28)) : 0;
		return new DatabaseFileFacts(pageSize, pageCount, encoding, walRewritten);
	}

	private static void checkLength(long size, DatabaseFileFacts facts) {
		if (size < facts.pageSize() || size < facts.pageCount() * facts.pageSize()) {
			throw new InvalidDatabaseFileException("The file is damaged: it is shorter than its header says, "
					+ "so it was probably cut off during copying. Upload the complete file.");
		}
	}

	/**
	 * A WAL-mode header needs its {@code -wal} file; a lone upload has none, so it is set
	 * to rollback mode, which reads the same pages.
	 */
	private static boolean rewriteWalHeader(Path file, byte[] header) throws IOException {
		boolean wal = header[18] == 2 && header[19] == 2;
		Path walFile = file.resolveSibling(file.getFileName() + "-wal");
		if (!wal || Files.exists(walFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(new byte[] { 1, 1 }), 18);
		}
		header[18] = 1;
		header[19] = 1;
		logger.info("Set the WAL-mode header of {} to rollback mode", file.getFileName());
		return true;
	}

	private void checkWithSqlite(Path file) {
		try (Connection connection = this.opener.open(file);
				StatementDeadline deadline = StatementDeadline.start(connection, this.properties.checkTimeout())) {
			List<String> problems = quickCheck(connection, deadline, file);
			if (!problems.isEmpty()) {
				throw new InvalidDatabaseFileException(
						"The file is damaged: " + String.join("; ", problems) + ". Upload an undamaged copy.");
			}
		}
		catch (SQLException ex) {
			throw new InvalidDatabaseFileException(
					"The file is damaged: " + SqliteErrors.message(ex) + ". Upload an undamaged copy.");
		}
	}

	private static List<String> quickCheck(Connection connection, StatementDeadline deadline, Path file)
			throws SQLException {
		List<String> problems = new ArrayList<>();
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT count(*) FROM sqlite_schema").close();
			try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(3)")) {
				while (rows.next()) {
					String line = rows.getString(1);
					if (!"ok".equals(line)) {
						problems.add(line);
					}
				}
			}
		}
		catch (SQLException ex) {
			if (!deadline.expired()) {
				throw ex;
			}
			logger.warn("Skipped the quick check of {}: it took longer than allowed", file.getFileName());
		}
		return problems;
	}

	private static int readInt(byte[] bytes, int offset) {
		return ByteBuffer.wrap(bytes, offset, 4).getInt();
	}

	private static byte[] readStart(Path file, int length) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes(length);
		}
	}

}
