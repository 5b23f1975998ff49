package dev.askdb.database;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.askdb.sql.SharedDatabases;
import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.Multipart;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and awkward uploads over HTTP against a full server: every refused file answers
 * a problem naming the reason and leaves neither a row nor a file behind; run once per
 * metadata store by its subclasses.
 */
abstract class DatabaseUploadsContract extends DatabasesApiFixture {

	@Autowired
	UploadProperties uploadProperties;

	@TempDir
	Path temp;

	static Stream<Arguments> unusableFiles() {
		return Stream.of(Arguments.of("empty", "empty"), Arguments.of("not SQLite", "not a SQLite database"),
				Arguments.of("plain text", "not a SQLite database"), Arguments.of("truncated Chinook", "cut off"),
				Arguments.of("corrupted pages", "damaged"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unusableFiles")
	void refusesUnusableFilesAndKeepsNothing(String kind, String reason) throws Exception {
		Api user = this.api.newUser();
		Path file = unusableFile(kind);

		Response refused = upload(user, file);

		assertProblem(refused, 422);
		assertThat(detail(refused)).contains(reason).doesNotContain(this.temp.toString());
		assertThat(user.get("/api/databases").json().get("total").asLong()).isZero();
		assertUploadsHoldOnlyRecordedFiles();
	}

	@Test
	void acceptsAWalModeHeaderAndLeavesNothingBesideTheFile() {
		Api user = this.api.newUser();

		JsonNode database = uploaded(user, "edge_cases/wal_mode.sqlite");
		Response counted = user.post("/api/databases/" + id(database) + "/query",
				Map.of("sql", "SELECT count(*) FROM genre"));
		user.get("/api/databases/" + id(database) + "/schema").expect(200);

		assertThat(database.get("tableCount").asInt()).isEqualTo(2);
		assertThat(recordedSha256(id(database))).isEqualTo(SharedDatabases.sha256(storedFile(id(database))));
		assertThat(counted.status()).as(counted.body()).isEqualTo(200);
		assertThat(counted.json().get("rows").get(0).get(0).asLong()).isPositive();
		assertThat(filesInUploads())
			.noneMatch((name) -> name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal"));
		assertUploadsHoldOnlyRecordedFiles();
	}

	@Test
	void storesAClientPathUnderAServerChosenName() throws Exception {
		Api user = this.api.newUser();
		List<Path> outside = List.of(this.dataFolder.resolve("x.db"), this.dataFolder.getParent().resolve("x.db"),
				this.dataFolder.resolve("x.sqlite"));

		JsonNode database = upload(user,
				new Multipart().file("file", "../../x.db", shared("edge_cases/utf16le.sqlite")))
			.expect(201)
			.json();

		assertThat(database.get("name").asString()).isEqualTo("x");
		Path stored = storedFile(id(database));
		assertThat(stored.getParent()).isEqualTo(uploads());
		assertThat(stored.getFileName().toString()).matches("[0-9a-f-]{36}\\.sqlite");
		assertThat(outside).allSatisfy((path) -> assertThat(path).doesNotExist());
		try (Stream<Path> files = Files.walk(this.dataFolder)) {
			assertThat(files.map((path) -> path.getFileName().toString())).doesNotContain("x.db");
		}
		assertUploadsHoldOnlyRecordedFiles();
	}

	@Test
	void refusesOneByteOverTheSizeLimit() throws Exception {
		Api user = this.api.newUser();
		Path tooLarge = this.temp.resolve("too_large.sqlite");
		try (RandomAccessFile file = new RandomAccessFile(tooLarge.toFile(), "rw")) {
			file.write(Files.readAllBytes(shared("chinook/Chinook_Sqlite.sqlite")));
			file.setLength(this.uploadProperties.maxBytes().toBytes() + 1);
		}

		Response refused = upload(user, tooLarge);

		assertProblem(refused, 413);
		assertThat(detail(refused)).contains("100 MiB");
		assertThat(user.get("/api/databases").json().get("total").asLong()).isZero();
		assertUploadsHoldOnlyRecordedFiles();
	}

	@Test
	void requiresTheFilePart() {
		Api user = this.api.newUser();

		Response missing = upload(user, new Multipart().field("name", "no file"));

		assertProblem(missing, 400);
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
		assertUploadsHoldOnlyRecordedFiles();
	}

	private String recordedSha256(String databaseId) {
		return jdbc().sql("select sha256 from databases where id = ?")
			.param(Long.parseLong(databaseId))
			.query(String.class)
			.single();
	}

	private Path unusableFile(String kind) throws Exception {
		Path file = this.temp.resolve(kind.replace(' ', '_') + ".sqlite");
		switch (kind) {
			case "empty" -> Files.copy(shared("edge_cases/zero_bytes.sqlite"), file);
			case "not SQLite" -> Files.copy(shared("edge_cases/not_a_database.sqlite"), file);
			case "plain text" ->
				Files.writeString(file, "id,name\n1,Rock\n2,Jazz\n".repeat(300), StandardCharsets.UTF_8);
			case "truncated Chinook" -> Files.copy(shared("edge_cases/truncated_chinook.sqlite"), file);
			case "corrupted pages" -> {
				Files.copy(shared("chinook/Chinook_Sqlite.sqlite"), file);
				try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
					byte[] garbage = new byte[4096];
					Arrays.fill(garbage, (byte) 0xA5);
					damaged.seek(199L * 4096);
					damaged.write(garbage);
				}
			}
			default -> throw new IllegalArgumentException(kind);
		}
		return file;
	}

}
