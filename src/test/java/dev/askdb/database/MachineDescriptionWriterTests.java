package dev.askdb.database;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.askdb.sql.DatabaseProfile;
import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.Table;
import dev.askdb.sql.SharedDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MachineDescriptionWriter}: readable, factual and bounded descriptions.
 */
class MachineDescriptionWriterTests {

	@TempDir
	Path folder;

	private final MachineDescriptionWriter writer = new MachineDescriptionWriter();

	static List<String> describedFiles() {
		return List.of("chinook/Chinook_Sqlite.sqlite", "northwind/northwind.db", "sakila/sakila_2005_05-06.sqlite",
				"geopackage/gdal_sample.gpkg", "edge_cases/utf16le.sqlite", "spider/database/world_1.sqlite",
				"spider_de/database/car_1_de.sqlite", "edge_cases/only_views.sqlite");
	}

	@ParameterizedTest
	@MethodSource("describedFiles")
	void describesSharedDatabasesWithinTheLimit(String relativePath) {
		String description = describe(relativePath);

		assertThat(description).startsWith("SQLite database with").hasSizeGreaterThan(80);
		assertThat(description.length()).isLessThanOrEqualTo(MachineDescriptionWriter.MAX_LENGTH);
	}

	@Test
	void describesChinookTablesKeysAndRanges() {
		String description = describe("chinook/Chinook_Sqlite.sqlite");

		assertThat(description).contains("11 tables", "0 views", "- Track (3,503 rows")
			.contains("AlbumId → Album.AlbumId")
			.contains("InvoiceDate 2021-01-01")
			.contains("lookup table");
	}

	@Test
	void describesNorthwindViewsAndSpacedNames() {
		String description = describe("northwind/northwind.db");

		assertThat(description).contains("13 tables", "17 views", "- Order Details (");
	}

	@Test
	void summarizesHugeSchemas() {
		List<Table> tables = java.util.stream.IntStream.range(0, 3000)
			.mapToObj((index) -> new Table("table_" + index, "table", 10L,
					List.of(new Column("id", "INTEGER", false, true, 1, null),
							new Column("a rather long column name", "TEXT", true, false, null, null)),
					List.of(), List.of(), null, null))
			.toList();

		String description = this.writer.write(new DatabaseSchema(tables), new DatabaseProfile(List.of()));

		assertThat(description.length()).isLessThanOrEqualTo(MachineDescriptionWriter.MAX_LENGTH);
		assertThat(description).contains("3,000 tables").containsPattern("and \\d[\\d,]* more tables");
	}

	private String describe(String relativePath) {
		Path file = SharedDatabases.copy(this.folder, relativePath);
		DatabaseSchema schema = SharedDatabases.schemaReader().read(file);
		return this.writer.write(schema, SharedDatabases.profiler().profile(file, schema));
	}

}
