package dev.askdb.sql;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.askdb.sql.DatabaseSchema.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every shared sample database goes through validation, schema reading and sampling as
 * its README says: refused files are refused, the rest read correctly.
 */
class SharedDatabaseFilesTests {

	private static final Set<String> REFUSED = Set.of("edge_cases/not_a_database.sqlite",
			"edge_cases/truncated_chinook.sqlite", "edge_cases/zero_bytes.sqlite");

	@TempDir
	Path folder;

	static List<String> acceptedFiles() {
		return SharedDatabases.all().stream().filter((file) -> !REFUSED.contains(file)).toList();
	}

	@Test
	void findsAllSharedFiles() {
		assertThat(SharedDatabases.all()).hasSizeGreaterThanOrEqualTo(38).containsAll(REFUSED);
	}

	@ParameterizedTest
	@MethodSource("acceptedFiles")
	void acceptsAndReadsEveryUsableFile(String relativePath) {
		Path file = SharedDatabases.copy(this.folder, relativePath);
		String hashAfterValidation;

		SharedDatabases.validator().validate(file);
		hashAfterValidation = SharedDatabases.sha256(file);
		DatabaseSchema schema = SharedDatabases.schemaReader().read(file);
		DatabaseProfile profile = SharedDatabases.profiler().profile(file, schema);

		assertThat(schema.tables()).allSatisfy((table) -> assertThat(table.name()).doesNotStartWith("sqlite_"));
		assertThat(schema.tables()).filteredOn((table) -> table.kind().equals("table"))
			.allSatisfy((table) -> assertThat(table.rowCount()).isNotNull());
		assertThat(profile.tables()).hasSizeLessThanOrEqualTo(schema.tableCount());
		assertThat(SharedDatabases.sha256(file)).isEqualTo(hashAfterValidation);
		assertThat(SharedDatabases.siblings(file)).containsExactly(file.getFileName().toString());
	}

	@Test
	void refusesAnEmptyFile() {
		Path file = SharedDatabases.copy(this.folder, "edge_cases/zero_bytes.sqlite");

		assertThatExceptionOfType(InvalidDatabaseFileException.class)
			.isThrownBy(() -> SharedDatabases.validator().validate(file))
			.withMessageContaining("empty");
	}

	@Test
	void refusesText() {
		Path file = SharedDatabases.copy(this.folder, "edge_cases/not_a_database.sqlite");

		assertThatExceptionOfType(InvalidDatabaseFileException.class)
			.isThrownBy(() -> SharedDatabases.validator().validate(file))
			.withMessageContaining("not a SQLite database");
	}

	@Test
	void refusesATruncatedFile() {
		Path file = SharedDatabases.copy(this.folder, "edge_cases/truncated_chinook.sqlite");

		assertThatExceptionOfType(InvalidDatabaseFileException.class)
			.isThrownBy(() -> SharedDatabases.validator().validate(file))
			.withMessageStartingWith("The file is damaged")
			.withMessageNotContaining(this.folder.toString());
	}

	@Test
	void refusesWhatLooksEncrypted() throws Exception {
		Path file = this.folder.resolve("secret.db");
		byte[] random = new byte[8192];
		new java.security.SecureRandom().nextBytes(random);
		java.nio.file.Files.write(file, random);

		assertThatExceptionOfType(InvalidDatabaseFileException.class)
			.isThrownBy(() -> SharedDatabases.validator().validate(file))
			.withMessageContaining("looks encrypted");
	}

	@Test
	void setsAWalHeaderBackToRollbackMode() throws Exception {
		Path file = SharedDatabases.copy(this.folder, "edge_cases/wal_mode.sqlite");

		DatabaseFileFacts facts = SharedDatabases.validator().validate(file);

		byte[] header = java.nio.file.Files.readAllBytes(file);
		assertThat(facts.walHeaderRewritten()).isTrue();
		assertThat(header[18]).isEqualTo((byte) 1);
		assertThat(header[19]).isEqualTo((byte) 1);
		assertThat(SharedDatabases.schemaReader().read(file).tables()).extracting(Table::name)
			.containsExactly("genre", "media_type");
	}

	@Test
	void reportsPageSizeAndEncoding() {
		Path big = SharedDatabases.copy(this.folder, "edge_cases/page64k_autovacuum.sqlite");
		Path utf16 = SharedDatabases.copy(this.folder, "edge_cases/utf16le.sqlite");

		DatabaseFileFacts bigFacts = SharedDatabases.validator().validate(big);
		DatabaseFileFacts utf16Facts = SharedDatabases.validator().validate(utf16);

		assertThat(bigFacts.pageSize()).isEqualTo(65536);
		assertThat(utf16Facts.textEncoding()).isEqualTo("UTF-16le");
	}

	@Test
	void readsNorthwind() {
		DatabaseSchema schema = read("northwind/northwind.db");

		assertThat(schema.tableCount()).isEqualTo(13);
		assertThat(schema.tables()).filteredOn((table) -> table.kind().equals("view")).hasSize(17);
		Table details = table(schema, "Order Details");
		assertThat(details.rowCount()).isPositive();
		assertThat(details.foreignKeys()).extracting(DatabaseSchema.ForeignKey::referencedTable)
			.contains("Orders", "Products");
		assertThat(details.columns()).filteredOn(DatabaseSchema.Column::primaryKey)
			.extracting(DatabaseSchema.Column::primaryKeyPosition)
			.containsExactly(1, 2);
		assertThat(schema.tables()).filteredOn((table) -> table.kind().equals("view"))
			.allSatisfy((view) -> assertThat(view.rowCount()).isNull());
	}

	@Test
	void readsChinook() {
		DatabaseSchema schema = read("chinook/Chinook_Sqlite.sqlite");

		assertThat(schema.tableCount()).isEqualTo(11);
		Table track = table(schema, "Track");
		assertThat(track.rowCount()).isEqualTo(3503L);
		assertThat(track.columns()).extracting(DatabaseSchema.Column::name).startsWith("TrackId", "Name");
		assertThat(track.foreignKeys()).hasSize(3);
		assertThat(table(schema, "Employee").foreignKeys()).singleElement()
			.satisfies((key) -> assertThat(key.referencedTable()).isEqualTo("Employee"));
		assertThat(track.indexes()).extracting(DatabaseSchema.Index::columns).contains(List.of("AlbumId"));
	}

	@Test
	void readsSakilaWithViews() {
		DatabaseSchema schema = read("sakila/sakila_2005_05-06.sqlite");

		assertThat(schema.tableCount()).isEqualTo(16);
		assertThat(schema.tables()).filteredOn((table) -> table.kind().equals("view")).hasSize(5);
		assertThat(table(schema, "film_list").columns()).isNotEmpty();
	}

	@Test
	void hidesRTreeShadowTablesOfAGeoPackage() {
		DatabaseSchema schema = read("geopackage/gdal_sample.gpkg");

		assertThat(schema.tables()).extracting(Table::name)
			.noneMatch((name) -> name.endsWith("_node") || name.endsWith("_parent") || name.endsWith("_rowid"));
		assertThat(schema.tables()).filteredOn((table) -> table.kind().equals("virtual"))
			.isNotEmpty()
			.allSatisfy((table) -> assertThat(table.rowCount()).isNull());
		assertThat(table(schema, "gpkg_contents").rowCount()).isPositive();
	}

	@Test
	void readsUnicodeNamesFromAUtf16File() {
		DatabaseSchema schema = read("edge_cases/utf16le.sqlite");

		assertThat(schema.tables()).extracting(Table::name).contains("Ünïcödé 表");
		assertThat(table(schema, "Ünïcödé 表").rowCount()).isNotNull();
	}

	@Test
	void readsAFileWithOnlyViews() {
		DatabaseSchema schema = read("edge_cases/only_views.sqlite");

		assertThat(schema.tableCount()).isZero();
		assertThat(schema.tables()).hasSize(3).allSatisfy((view) -> assertThat(view.kind()).isEqualTo("view"));
	}

	@Test
	void readsAFileWithNoTables() {
		assertThat(read("edge_cases/empty_no_tables.sqlite").tables()).isEmpty();
	}

	@Test
	void readsGermanNamesWithUmlautsAndKeywords() {
		DatabaseSchema schema = read("spider_de/database/pets_1_de.sqlite");

		assertThat(schema.tables()).extracting(Table::name).contains("schüler", "haustiere", "hat_haustier");
		assertThat(table(schema, "schüler").rowCount()).isPositive();
	}

	@Test
	void countsSpiderTables() {
		Map<String, Integer> expected = Map.of("spider/database/world_1.sqlite", 3,
				"spider/database/student_transcripts_tracking.sqlite", 11, "spider/database/car_1.sqlite", 6);

		expected.forEach((file, count) -> assertThat(read(file).tableCount()).as(file).isEqualTo(count));
	}

	private DatabaseSchema read(String relativePath) {
		return SharedDatabases.schemaReader().read(SharedDatabases.copy(this.folder, relativePath));
	}

	private static Table table(DatabaseSchema schema, String name) {
		return schema.tables().stream().filter((table) -> table.name().equals(name)).findFirst().orElseThrow();
	}

}
