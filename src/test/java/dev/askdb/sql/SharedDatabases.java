package dev.askdb.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.askdb.support.Uploads;

/**
 * Test fixtures: the shared sample databases, copied to a temporary folder before use,
 * and components built without a Spring context.
 */
public final class SharedDatabases {

	private SharedDatabases() {
	}

	public static Path folder() {
		return Uploads.sharedData();
	}

	/**
	 * Copies a shared file into a folder, writable, so that a test can never touch the
	 * original.
	 */
	public static Path copy(Path folder, String relativePath) {
		try {
			Path target = folder.resolve(Path.of(relativePath).getFileName().toString());
			Files.copy(folder().resolve(relativePath), target, StandardCopyOption.REPLACE_EXISTING);
			target.toFile().setWritable(true);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Lists every shared database file, relative to the shared folder. */
	public static List<String> all() {
		try (Stream<Path> files = Files.walk(folder())) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> file.toString().matches(".*\\.(sqlite|db|gpkg)$"))
				.map((file) -> folder().relativize(file).toString())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String sha256(Path file) {
		return Uploads.sha256(file);
	}

	public static List<String> siblings(Path file) {
		try (Stream<Path> files = Files.list(file.getParent())) {
			return files.map((sibling) -> sibling.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static SqlProperties properties(Duration timeout, int maxRows) {
		SqlProperties defaults = SqlProperties.defaults();
		return new SqlProperties(timeout, maxRows, defaults.maxResultBytes(), defaults.maxSqlLength(),
				defaults.maxValueBytes(), defaults.maxValueLength(), defaults.countTimeout(), defaults.checkTimeout());
	}

	public static SqliteReadOnlySqlRunner runner(SqlProperties properties) {
		return new SqliteReadOnlySqlRunner(new UploadedDatabaseOpener(properties), properties);
	}

	public static SqliteReadOnlySqlRunner runner() {
		return runner(SqlProperties.defaults());
	}

	public static SchemaReader schemaReader() {
		return new SchemaReader(new UploadedDatabaseOpener(SqlProperties.defaults()), SqlProperties.defaults());
	}

	public static DatabaseProfiler profiler() {
		return new DatabaseProfiler(new UploadedDatabaseOpener(SqlProperties.defaults()), SqlProperties.defaults());
	}

	public static UploadedFileValidator validator() {
		return new UploadedFileValidator(new UploadedDatabaseOpener(SqlProperties.defaults()),
				SqlProperties.defaults());
	}

}
