package dev.askdb.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.database.StoredDatabase.StoredFile;
import dev.askdb.store.DataFolder;
import dev.askdb.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The uploads folder: receives an upload under a temporary server-chosen name, publishes
 * it under its final name, and removes files whose row is gone.
 *
 * <p>
 * A file is published before its row is committed and removed after its row is deleted,
 * so a crash can leave a file without a row but never a row without a file;
 * {@link #sweepOrphans} removes the former.
 */
@Component
class UploadedFiles {

	private static final Logger logger = LoggerFactory.getLogger(UploadedFiles.class);

	private static final String SUFFIX = ".sqlite";

	private static final String PARTIAL_PREFIX = ".partial-";

	private final DataFolder dataFolder;

	private final UploadProperties properties;

	private final Clock clock;

	UploadedFiles(DataFolder dataFolder, UploadProperties properties, Clock clock) {
		this.dataFolder = dataFolder;
		this.properties = properties;
		this.clock = clock;
	}

	Path folder() {
		return this.dataFolder.uploads();
	}

	/**
	 * Streams an upload to a temporary file in the uploads folder, refusing it once it
	 * passes the size limit.
	 * @param content the upload's bytes
	 * @return the temporary file and its facts
	 */
	Received receive(InputStream content) {
		Path partial = folder().resolve(PARTIAL_PREFIX + UUID.randomUUID() + SUFFIX);
		long limit = this.properties.maxBytes().toBytes();
		try (InputStream in = content;
				OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256())) {
			long size = copyWithin(in, out, limit);
			String hash = HexFormat.of().formatHex(((DigestOutputStream) out).getMessageDigest().digest());
			return new Received(partial, size, hash);
		}
		catch (IOException | RuntimeException ex) {
			deleteQuietly(partial);
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("The upload could not be stored", io);
			}
			throw (RuntimeException) ex;
		}
	}

	/**
	 * Hashes a received file again after validation changed it in place, so that the
	 * recorded hash describes the stored bytes rather than the uploaded ones.
	 * @param received the received file
	 * @return the same file with its current hash
	 */
	Received rehash(Received received) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(received.file()), sha256())) {
			in.transferTo(OutputStream.nullOutputStream());
			String hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
			return new Received(received.file(), received.sizeBytes(), hash);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The upload could not be read back", ex);
		}
	}

	/**
	 * Gives a received file its final, server-chosen name.
	 * @param received the received file
	 * @return the stored file's facts
	 */
	StoredFile publish(Received received) {
		String fileName = UUID.randomUUID() + SUFFIX;
		Path target = folder().resolve(fileName);
		try {
			try {
				Files.move(received.file(), target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(received.file(), target);
			}
			DataFolder.restrictToOwner(target, "rw-------");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The upload could not be stored", ex);
		}
		return new StoredFile(fileName, received.sizeBytes(), received.sha256());
	}

	Path path(String fileName) {
		return folder().resolve(fileName);
	}

	void delete(String fileName) {
		deleteQuietly(path(fileName));
	}

	/**
	 * Removes stored and partial files that no row names, once they are older than the
	 * grace period.
	 * @param referenced the file names that rows name
	 * @return how many files were removed
	 */
	int sweepOrphans(Set<String> referenced) {
		if (referenced.isEmpty() && hasStoredFiles()) {
			// Likelier a wrong or new store than a crash, and deletion is final.
			logger.warn("The metadata store names no uploads but the uploads folder holds some; not sweeping");
			return 0;
		}
		FileTime cutoff = FileTime.from(this.clock.instant().minus(this.properties.orphanGrace()));
		try (Stream<Path> files = Files.list(folder())) {
			return (int) files.filter((file) -> file.getFileName().toString().endsWith(SUFFIX))
				.filter((file) -> !referenced.contains(file.getFileName().toString()))
				.filter((file) -> olderThan(file, cutoff))
				.peek(UploadedFiles::deleteQuietly)
				.count();
		}
		catch (IOException ex) {
			logger.warn("Could not sweep the uploads folder for orphaned files", ex);
			return 0;
		}
	}

	private boolean hasStoredFiles() {
		try (Stream<Path> files = Files.list(folder())) {
			return files.map((file) -> file.getFileName().toString())
				.anyMatch((name) -> name.endsWith(SUFFIX) && !name.startsWith(PARTIAL_PREFIX));
		}
		catch (IOException ex) {
			return true;
		}
	}

	static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}; the orphan sweep will retry", file.getFileName(), ex);
		}
	}

	private static boolean olderThan(Path file, FileTime cutoff) {
		try {
			return Files.getLastModifiedTime(file).compareTo(cutoff) < 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long copyWithin(InputStream in, OutputStream out, long limit) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1) {
			total += read;
			if (total > limit) {
				throw tooLarge(limit);
			}
			out.write(buffer, 0, read);
		}
		return total;
	}

	static RuntimeException tooLarge(long limit) {
		return Problems.exception(HttpStatus.PAYLOAD_TOO_LARGE, "upload-too-large", "File too large",
				"The file is larger than the limit of " + humanSize(limit) + "; upload a smaller database.");
	}

	static String humanSize(long bytes) {
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MiB";
		}
		return bytes + " bytes";
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An upload written to a temporary file.
	 *
	 * @param file the temporary file
	 * @param sizeBytes its size
	 * @param sha256 its content hash, hex
	 */
	record Received(Path file, long sizeBytes, String sha256) {
	}

}
