package dev.askdb.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import dev.askdb.sql.SharedDatabases;
import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.FakeOpenAi;
import dev.askdb.support.Multipart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Databases section of the REST contract, over HTTP against a full server: uploads of
 * real databases, pages, changes, deletion, schemas, ownership and model descriptions;
 * run once per metadata store by its subclasses.
 */
abstract class DatabasesApiContract extends DatabasesApiFixture {

	private static final String COMPLETION = """
			{"id":"x","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

	@TempDir
	Path temp;

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			chinook/Chinook_Sqlite.sqlite          | Chinook_Sqlite         | 11 | Album
			northwind/northwind.db                 | northwind              | 13 | Order Details
			sakila/sakila_2005_05-06.sqlite        | sakila_2005_05-06      | 16 | rental
			geopackage/gdal_sample.gpkg            | gdal_sample            | 35 | point2d
			edge_cases/utf16le.sqlite              | utf16le                | 2  | Ünïcödé 表
			edge_cases/page64k_autovacuum.sqlite   | page64k_autovacuum     | 1  | album
			""")
	void uploadsARealDatabaseAndDescribesIt(String sharedPath, String name, int tableCount, String aTable)
			throws Exception {
		Api user = this.api.newUser();
		Instant before = Instant.now().minusSeconds(1);

		Response created = upload(user,
				new Multipart().file("file", shared(sharedPath).getFileName().toString(), shared(sharedPath))
					.field("description", "  sample data  "));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode database = created.json();
		assertThat(database.get("name").asString()).isEqualTo(name);
		assertThat(database.get("userDescription").asString()).isEqualTo("sample data");
		assertThat(database.get("machineDescription").asString()).contains(aTable);
		assertThat(Instant.parse(database.get("createdAt").asString())).isBetween(before, Instant.now());
		assertThat(database.get("sizeBytes").asLong()).isEqualTo(Files.size(shared(sharedPath)));
		assertThat(database.get("tableCount").asInt()).isEqualTo(tableCount);
		assertThat(created.header("Location")).endsWith("/api/databases/" + id(database));
		assertThat(user.get("/api/databases/" + id(database)).expect(200).json()).isEqualTo(database);
		assertThat(SharedDatabases.sha256(storedFile(id(database))))
			.isEqualTo(SharedDatabases.sha256(shared(sharedPath)));
	}

	@Test
	void takesTheNameFromTheFormOverTheFileName() {
		Api user = this.api.newUser();

		JsonNode database = upload(user, new Multipart().field("name", " Trading company ")
			.file("file", "northwind.db", shared("northwind/northwind.db"))).expect(201).json();

		assertThat(database.get("name").asString()).isEqualTo("Trading company");
		assertThat(database.get("userDescription").isNull()).isTrue();
		assertThat(database.get("tableCount").asInt()).isEqualTo(13);
	}

	@Test
	void listsNewestFirstInPages() {
		Api user = this.api.newUser();
		List<String> ids = new ArrayList<>();
		for (String name : List.of("first", "second", "third")) {
			ids.add(id(upload(user,
					new Multipart().field("name", name).file("file", "x.sqlite", shared("edge_cases/utf16le.sqlite")))
				.expect(201)
				.json()));
		}

		JsonNode all = user.get("/api/databases").expect(200).json();
		JsonNode firstPage = user.get("/api/databases?page=0&size=2").expect(200).json();
		JsonNode secondPage = user.get("/api/databases?page=1&size=2").expect(200).json();

		assertThat(names(all)).containsExactly("third", "second", "first");
		assertThat(all.get("page").asInt()).isZero();
		assertThat(all.get("size").asInt()).isEqualTo(20);
		assertThat(all.get("total").asLong()).isEqualTo(3);
		assertThat(names(firstPage)).containsExactly("third", "second");
		assertThat(firstPage.get("size").asInt()).isEqualTo(2);
		assertThat(firstPage.get("total").asLong()).isEqualTo(3);
		assertThat(names(secondPage)).containsExactly("first");
		assertThat(secondPage.get("page").asInt()).isEqualTo(1);
		assertThat(secondPage.get("items").get(0).get("id").asString()).isEqualTo(ids.get(0));
		assertThat(names(this.api.newUser().get("/api/databases").expect(200).json())).isEmpty();
	}

	@Test
	void refusesPageSizesOutsideOneToHundred() {
		Api user = this.api.newUser();

		Response zero = user.get("/api/databases?size=0");
		Response tooMany = user.get("/api/databases?size=101");
		Response negativePage = user.get("/api/databases?page=-1");
		Response hundred = user.get("/api/databases?size=100");

		assertThat(fields(zero)).containsExactly("size");
		assertThat(fields(tooMany)).containsExactly("size");
		assertThat(fields(negativePage)).containsExactly("page");
		assertThat(hundred.status()).isEqualTo(200);
	}

	@Test
	void renamesAndRedescribes() {
		Api user = this.api.newUser();
		String id = id(uploaded(user, "edge_cases/utf16le.sqlite"));

		JsonNode renamed = user.patch("/api/databases/" + id, Map.of("name", " Artists ")).expect(200).json();
		JsonNode described = user.patch("/api/databases/" + id, Map.of("userDescription", "Artists by name"))
			.expect(200)
			.json();
		JsonNode cleared = user.patch("/api/databases/" + id, Map.of("userDescription", " ")).expect(200).json();
		Response blankName = user.patch("/api/databases/" + id, Map.of("name", "  "));

		assertThat(renamed.get("name").asString()).isEqualTo("Artists");
		assertThat(described.get("name").asString()).isEqualTo("Artists");
		assertThat(described.get("userDescription").asString()).isEqualTo("Artists by name");
		assertThat(cleared.get("userDescription").isNull()).isTrue();
		assertThat(fields(blankName)).containsExactly("name");
		assertThat(user.get("/api/databases/" + id).json()).isEqualTo(cleared);
	}

	@Test
	void deletingADatabaseRemovesItsFileConversationsAndMessages() {
		Api user = this.api.newUser();
		String id = id(uploaded(user, "chinook/Chinook_Sqlite.sqlite"));
		Path file = storedFile(id);
		long conversation = insertConversationWithMessage(id);

		Response deleted = user.delete("/api/databases/" + id);

		assertThat(deleted.status()).isEqualTo(204);
		assertProblem(user.get("/api/databases/" + id), 404);
		assertThat(file).doesNotExist();
		assertUploadsHoldOnlyRecordedFiles();
		assertThat(count("select count(*) from conversations where database_id = ?", Long.parseLong(id))).isZero();
		assertThat(count("select count(*) from messages where conversation_id = ?", conversation)).isZero();
		assertProblem(user.delete("/api/databases/" + id), 404);
	}

	@Test
	void describesChinookAlbumWithKeysIndexesAndRowCount() {
		Api user = this.api.newUser();
		String id = id(uploaded(user, "chinook/Chinook_Sqlite.sqlite"));

		JsonNode schema = user.get("/api/databases/" + id + "/schema").expect(200).json();

		assertThat(tableNames(schema)).hasSize(11).contains("Album", "Artist", "Track", "InvoiceLine");
		JsonNode album = table(schema, "Album");
		assertThat(album.get("kind").asString()).isEqualTo("table");
		assertThat(album.get("rowCount").asLong()).isEqualTo(347);
		JsonNode albumId = album.get("columns").get(0);
		assertThat(albumId.get("name").asString()).isEqualTo("AlbumId");
		assertThat(albumId.get("type").asString()).isEqualTo("INTEGER");
		assertThat(albumId.get("primaryKey").asBoolean()).isTrue();
		assertThat(albumId.get("nullable").asBoolean()).isFalse();
		JsonNode title = album.get("columns").get(1);
		assertThat(title.get("name").asString()).isEqualTo("Title");
		assertThat(title.get("type").asString()).isEqualTo("NVARCHAR(160)");
		assertThat(title.get("primaryKey").asBoolean()).isFalse();
		JsonNode foreignKey = album.get("foreignKeys").get(0);
		assertThat(album.get("foreignKeys")).hasSize(1);
		assertThat(foreignKey.get("columns").get(0).asString()).isEqualTo("ArtistId");
		assertThat(foreignKey.get("referencedTable").asString()).isEqualTo("Artist");
		assertThat(foreignKey.get("referencedColumns").get(0).asString()).isEqualTo("ArtistId");
		JsonNode index = album.get("indexes").get(0);
		assertThat(index.get("name").asString()).isEqualTo("IFK_AlbumArtistId");
		assertThat(index.get("columns").get(0).asString()).isEqualTo("ArtistId");
		assertThat(index.get("unique").asBoolean()).isFalse();
		JsonNode playlistTrack = table(schema, "PlaylistTrack");
		assertThat(playlistTrack.get("columns").findValuesAsString("name")).containsExactly("PlaylistId", "TrackId");
		assertThat(playlistTrack.get("foreignKeys")).hasSize(2);
	}

	@Test
	void listsNorthwindTablesAndViewsWithTheirKinds() {
		Api user = this.api.newUser();
		String id = id(uploaded(user, "northwind/northwind.db"));

		JsonNode schema = user.get("/api/databases/" + id + "/schema").expect(200).json();

		assertThat(kinds(schema, "table")).hasSize(13).contains("Order Details").doesNotContain("sqlite_sequence");
		assertThat(kinds(schema, "view")).hasSize(17).contains("Order Details Extended", "Invoices");
		assertThat(table(schema, "Order Details").get("rowCount").asLong()).isPositive();
		assertThat(table(schema, "Invoices").has("rowCount") && !table(schema, "Invoices").get("rowCount").isNull())
			.isFalse();
		assertThat(table(schema, "Invoices").get("columns")).isNotEmpty();
	}

	@Test
	void hidesGeoPackageShadowTablesAndShowsVirtualTables() {
		Api user = this.api.newUser();
		String id = id(uploaded(user, "geopackage/gdal_sample.gpkg"));

		JsonNode schema = user.get("/api/databases/" + id + "/schema").expect(200).json();

		assertThat(tableNames(schema)).noneMatch((name) -> name.matches("rtree_.*_(node|rowid|parent)"))
			.contains("gpkg_contents", "point2d");
		assertThat(kinds(schema, "virtual")).hasSize(15).contains("rtree_point2d_geom");
	}

	@Test
	void reportsABrokenViewWithoutFailing() throws Exception {
		Path file = this.temp.resolve("broken_view.sqlite");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT)");
			statement.executeUpdate("CREATE TABLE dropped (id INTEGER PRIMARY KEY)");
			statement.executeUpdate("CREATE VIEW broken AS SELECT id FROM dropped");
			statement.executeUpdate("DROP TABLE dropped");
		}
		Api user = this.api.newUser();

		Response created = upload(user, file);
		String id = id(created.expect(201).json());
		Response schema = user.get("/api/databases/" + id + "/schema");

		assertThat(created.json().get("tableCount").asInt()).isEqualTo(1);
		assertThat(schema.status()).isEqualTo(200);
		assertThat(table(schema.json(), "broken").get("kind").asString()).isEqualTo("view");
		assertThat(table(schema.json(), "broken").get("error").asString()).contains("dropped");
		assertThat(table(schema.json(), "kept").get("columns")).hasSize(2);
	}

	@Test
	void answersAnotherUsersDatabaseExactlyLikeAMissingOne() {
		Api owner = this.api.newUser();
		String id = id(uploaded(owner, "edge_cases/utf16le.sqlite"));
		Api stranger = this.api.newUser();
		stranger.put("/api/users/me/api-key", Map.of("apiKey", "sk-test-stranger-1234")).expect(204);
		String missing = "999999999";

		for (String target : List.of(id, missing, "abc")) {
			List<Response> answers = List.of(stranger.get("/api/databases/" + target),
					stranger.patch("/api/databases/" + target, Map.of("name", "mine")),
					stranger.delete("/api/databases/" + target), stranger.get("/api/databases/" + target + "/schema"),
					stranger.post("/api/databases/" + target + "/description", Map.of()),
					stranger.post("/api/databases/" + target + "/query", Map.of("sql", "SELECT 1")));
			for (Response answer : answers) {
				assertProblem(answer, 404);
				assertThat(withoutInstance(answer))
					.isEqualTo(withoutInstance(stranger.get("/api/databases/" + missing)));
			}
		}
		JsonNode unchanged = owner.get("/api/databases/" + id).expect(200).json();
		assertThat(unchanged.get("name").asString()).isEqualTo("utf16le");
	}

	@Test
	void describingWithTheModelNeedsAnApiKey() {
		FakeOpenAi.shared().reset();
		Api user = this.api.newUser();
		String id = id(uploaded(user, "chinook/Chinook_Sqlite.sqlite"));

		Response answer = user.post("/api/databases/" + id + "/description", Map.of());

		assertProblem(answer, 409);
		assertThat(detail(answer)).contains("API key");
		assertThat(FakeOpenAi.shared().takeRequests()).isEmpty();
	}

	@Test
	void rewritesTheMachineDescriptionWithTheModel() throws Exception {
		FakeOpenAi fake = FakeOpenAi.shared();
		fake.reset();
		Api user = this.api.newUser();
		String apiKey = "sk-test-" + UUID.randomUUID();
		user.put("/api/users/me/api-key", Map.of("apiKey", apiKey)).expect(204);
		JsonNode uploaded = uploaded(user, "chinook/Chinook_Sqlite.sqlite");
		fake.enqueueJson(COMPLETION.formatted("A music store with albums, artists and invoices."));

		Response described = user.post("/api/databases/" + id(uploaded) + "/description", Map.of());

		assertThat(described.status()).as(described.body()).isEqualTo(200);
		assertThat(described.json().get("machineDescription").asString())
			.isEqualTo("A music store with albums, artists and invoices.");
		assertThat(described.json().get("name")).isEqualTo(uploaded.get("name"));
		assertThat(user.get("/api/databases/" + id(uploaded)).json()).isEqualTo(described.json());
		RecordedRequest request = fake.takeRequest();
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + apiKey);
		assertThat(request.getPath()).endsWith("/chat/completions");
		assertThat(request.getBody().readUtf8()).contains("Album", "Artist", "InvoiceLine", "PlaylistTrack");
	}

	@Test
	void mapsModelFailuresAndKeepsTheDescription() {
		FakeOpenAi fake = FakeOpenAi.shared();
		fake.reset();
		Api user = this.api.newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", "sk-test-refused-1234")).expect(204);
		JsonNode uploaded = uploaded(user, "edge_cases/utf16le.sqlite");
		String path = "/api/databases/" + id(uploaded) + "/description";
		fake.enqueue(new MockResponse().setResponseCode(401)
			.setHeader("Content-Type", "application/json")
			.setBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
		fake.enqueue(new MockResponse().setResponseCode(500)
			.setHeader("Content-Type", "application/json")
			.setBody("{\"error\":{\"message\":\"server error\",\"type\":\"server_error\"}}"));

		Response refused = user.post(path, Map.of());
		Response down = user.post(path, Map.of());

		assertProblem(refused, 424);
		assertProblem(down, 502);
		assertThat(refused.body()).doesNotContain("sk-test-refused-1234", "Incorrect API key provided");
		assertThat(fake.takeRequests()).hasSize(2);
		assertThat(user.get("/api/databases/" + id(uploaded)).json()).isEqualTo(uploaded);
	}

	@Test
	void deletingTheAccountRemovesItsUploadedFiles() {
		Api user = this.api.newUser();
		List<Path> files = List.of(storedFile(id(uploaded(user, "chinook/Chinook_Sqlite.sqlite"))),
				storedFile(id(uploaded(user, "edge_cases/utf16le.sqlite"))));
		Api other = this.api.newUser();
		Path kept = storedFile(id(uploaded(other, "edge_cases/utf16le.sqlite")));

		user.delete("/api/users/me").expect(204);

		assertThat(files).allSatisfy((file) -> assertThat(file).doesNotExist());
		assertThat(kept).exists();
		assertUploadsHoldOnlyRecordedFiles();
		assertThat(other.get("/api/databases").json().get("total").asLong()).isEqualTo(1);
	}

	private long insertConversationWithMessage(String databaseId) {
		long ownerId = jdbc().sql("select owner_id from databases where id = ?")
			.param(Long.parseLong(databaseId))
			.query(Long.class)
			.single();
		Timestamp now = Timestamp.from(Instant.now());
		jdbc()
			.sql("insert into conversations (owner_id, database_id, name, created_at, last_modified) "
					+ "values (?, ?, 'Albums', ?, ?)")
			.params(ownerId, Long.parseLong(databaseId), now, now)
			.update();
		long conversation = jdbc().sql("select id from conversations where database_id = ?")
			.param(Long.parseLong(databaseId))
			.query(Long.class)
			.single();
		jdbc()
			.sql("insert into messages (conversation_id, message_index, role, content, token_count, created_at) "
					+ "values (?, 0, 'user', 'How many albums?', 4, ?)")
			.params(conversation, now)
			.update();
		assertThat(count("select count(*) from messages where conversation_id = ?", conversation)).isEqualTo(1);
		return conversation;
	}

	private long count(String sql, long id) {
		return jdbc().sql(sql).param(id).query(Long.class).single();
	}

	private static List<String> fields(Response response) {
		assertProblem(response, 400);
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

	private static List<String> names(JsonNode page) {
		List<String> names = new ArrayList<>();
		page.get("items").forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	private static List<String> tableNames(JsonNode schema) {
		List<String> names = new ArrayList<>();
		schema.get("tables").forEach((table) -> names.add(table.get("name").asString()));
		return names;
	}

	private static List<String> kinds(JsonNode schema, String kind) {
		List<String> names = new ArrayList<>();
		schema.get("tables").forEach((table) -> {
			if (table.get("kind").asString().equals(kind)) {
				names.add(table.get("name").asString());
			}
		});
		return names;
	}

	private static JsonNode table(JsonNode schema, String name) {
		for (JsonNode table : schema.get("tables")) {
			if (table.get("name").asString().equals(name)) {
				return table;
			}
		}
		throw new AssertionError("No table " + name + " in " + tableNames(schema));
	}

	private static Map<String, String> withoutInstance(Response response) {
		JsonNode problem = response.json();
		return Map.of("status", problem.get("status").asString(), "type", problem.get("type").asString(), "title",
				problem.get("title").asString(), "detail", problem.get("detail").asString());
	}

}
