package dev.askdb.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import dev.askdb.sql.SharedDatabases;
import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.Multipart;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the full-server tests of the databases feature share: a client, uploads of shared
 * sample files, and a look at the uploads folder and the metadata store behind the API.
 */
abstract class DatabasesApiFixture {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Value("${askdb.data-dir}")
	Path dataFolder;

	Api api;

	@BeforeEach
	void createClient() {
		this.api = new Api(this.port);
	}

	Path uploads() {
		return this.dataFolder.resolve("uploads");
	}

	static Path shared(String relativePath) {
		return SharedDatabases.folder().resolve(relativePath);
	}

	static Response upload(Api user, Multipart body) {
		return user.send("POST", "/api/databases", body.body(), body.contentType());
	}

	static Response upload(Api user, Path file) {
		return upload(user, new Multipart().file("file", file.getFileName().toString(), file));
	}

	static JsonNode uploaded(Api user, String sharedPath) {
		return upload(user, shared(sharedPath)).expect(201).json();
	}

	static String id(JsonNode database) {
		return database.get("id").asString();
	}

	/**
	 * The stored file behind a database, found through the metadata store as the server
	 * finds it.
	 */
	Path storedFile(String databaseId) {
		String fileName = jdbc().sql("select file_name from databases where id = ?")
			.param(Long.parseLong(databaseId))
			.query(String.class)
			.single();
		return uploads().resolve(fileName);
	}

	/** Every file in the uploads folder. */
	Set<String> filesInUploads() {
		try (Stream<Path> files = Files.list(uploads())) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file names that database rows name, of every user. */
	Set<String> recordedFiles() {
		return new HashSet<>(jdbc().sql("select file_name from databases").query(String.class).list());
	}

	void assertUploadsHoldOnlyRecordedFiles() {
		assertThat(filesInUploads()).isEqualTo(recordedFiles());
	}

	JdbcClient jdbc() {
		return JdbcClient.create(this.dataSource);
	}

	static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).as(response.body()).isEqualTo(status);
		assertThat(problem.hasNonNull("type")).as(response.body()).isTrue();
		assertThat(problem.hasNonNull("title")).as(response.body()).isTrue();
		assertThat(problem.hasNonNull("detail")).as(response.body()).isTrue();
		assertThat(response.body()).doesNotContain("Exception", "at dev.askdb", "org.springframework", "/tmp/",
				"uploads/");
	}

	static String detail(Response response) {
		return response.json().get("detail").asString();
	}

}
