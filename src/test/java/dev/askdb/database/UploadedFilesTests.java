package dev.askdb.database;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.askdb.database.StoredDatabase.StoredFile;
import dev.askdb.store.DataFolder;

import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The uploads folder: exact size limit while streaming, server-chosen names, and an
 * orphan sweep that never empties the folder on a wrong store.
 */
class UploadedFilesTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@TempDir
	Path dataDir;

	@Test
	void refusesOneByteOverTheLimitAndLeavesNothing() {
		UploadedFiles files = files(DataSize.ofBytes(10));

		assertThatExceptionOfType(ErrorResponseException.class)
			.isThrownBy(() -> files.receive(new ByteArrayInputStream(new byte[11])))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(413));
		assertThat(files.folder()).isEmptyDirectory();
	}

	@Test
	void publishesUnderAServerChosenName() {
		UploadedFiles files = files(DataSize.ofBytes(10));

		StoredFile stored = files.publish(files.receive(new ByteArrayInputStream(new byte[10])));

		assertThat(stored.fileName()).matches("[0-9a-f-]{36}\\.sqlite");
		assertThat(stored.sizeBytes()).isEqualTo(10);
		assertThat(files.folder())
			.isDirectoryContaining((file) -> file.getFileName().toString().equals(stored.fileName()));
	}

	@Test
	void sweepsOldOrphansButNotReferencedOrRecentFiles() throws Exception {
		UploadedFiles files = files(DataSize.ofMegabytes(1));
		Path kept = stored(files, "kept.sqlite", NOW.minus(Duration.ofHours(1)));
		Path orphan = stored(files, "orphan.sqlite", NOW.minus(Duration.ofHours(1)));
		Path partial = stored(files, ".partial-x.sqlite", NOW.minus(Duration.ofHours(1)));
		Path recent = stored(files, "recent.sqlite", NOW.minus(Duration.ofMinutes(1)));

		int removed = files.sweepOrphans(Set.of("kept.sqlite"));

		assertThat(removed).isEqualTo(2);
		assertThat(kept).exists();
		assertThat(recent).exists();
		assertThat(orphan).doesNotExist();
		assertThat(partial).doesNotExist();
	}

	@Test
	void neverSweepsWhenTheStoreNamesNoFileAtAll() throws Exception {
		UploadedFiles files = files(DataSize.ofMegabytes(1));
		Path upload = stored(files, "upload.sqlite", NOW.minus(Duration.ofDays(1)));

		int removed = files.sweepOrphans(Set.of());

		assertThat(removed).isZero();
		assertThat(upload).exists();
	}

	private UploadedFiles files(DataSize limit) {
		return new UploadedFiles(new DataFolder(this.dataDir), new UploadProperties(limit, Duration.ofMinutes(10)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static Path stored(UploadedFiles files, String name, Instant modified) throws Exception {
		Path file = Files.write(files.folder().resolve(name), new byte[] { 1 });
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

}
