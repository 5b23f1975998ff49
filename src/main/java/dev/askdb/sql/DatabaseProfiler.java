package dev.askdb.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.askdb.sql.DatabaseProfile.ColumnRange;
import dev.askdb.sql.DatabaseProfile.TableProfile;
import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.Table;

/**
 * Samples an upload for its description: a few rows per table and the ranges of numeric
 * and date-like columns, each query bounded in rows and time, the whole look bounded in
 * tables and time.
 */
@Component
public class DatabaseProfiler {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseProfiler.class);

	private static final int SAMPLE_ROWS = 3;

	private static final int MAX_TABLES = 40;

	private static final int MAX_RANGES_PER_TABLE = 4;

	private static final int SAMPLE_VALUE_LENGTH = 40;

	private static final Pattern DATE_LIKE = Pattern.compile("(?i).*(date|time|year|_at$|_on$|created|updated).*");

	private static final Pattern NUMERIC_TYPE = Pattern.compile("(?i).*(int|real|num|dec|floa|doub|money).*");

	private final UploadedDatabaseOpener opener;

	private final SqlProperties properties;

	DatabaseProfiler(UploadedDatabaseOpener opener, SqlProperties properties) {
		this.opener = opener;
		this.properties = properties;
	}

	/**
	 * Looks at the data of a stored upload.
	 * @param file the stored upload
	 * @param schema its schema, from {@link SchemaReader}
	 * @return what was seen within the limits; tables that failed are left out
	 */
	public DatabaseProfile profile(Path file, DatabaseSchema schema) {
		long start = System.nanoTime();
		long budgetEnd = start + this.properties.timeout().toNanos();
		List<TableProfile> tables = new ArrayList<>();
		try (Connection connection = this.opener.open(file)) {
			for (Table table : schema.tables()) {
				if (tables.size() == MAX_TABLES || System.nanoTime() - budgetEnd > 0) {
					break;
				}
				if (table.kind().equals("table")) {
					tables.add(profile(connection, table));
				}
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not sample stored upload {}: {}", file.getFileName(), SqliteErrors.message(ex));
		}
		logger.debug("Sampled {} tables of {} in {} ms", tables.size(), file.getFileName(),
				(System.nanoTime() - start) / 1_000_000);
		return new DatabaseProfile(tables);
	}

	private TableProfile profile(Connection connection, Table table) {
		List<String> columns = table.columns().stream().map(Column::name).toList();
		List<List<Object>> rows = sampleRows(connection, table, columns.size());
		List<ColumnRange> ranges = new ArrayList<>();
		for (Column column : notableColumns(table)) {
			ColumnRange range = range(connection, table.name(), column);
			if (range != null) {
				ranges.add(range);
			}
		}
		return new TableProfile(table.name(), columns, rows, ranges);
	}

	private List<List<Object>> sampleRows(Connection connection, Table table, int columnCount) {
		List<List<Object>> rows = new ArrayList<>();
		String sql = "SELECT * FROM " + SqlIdentifiers.quote(table.name()) + " LIMIT " + SAMPLE_ROWS;
		try (StatementDeadline deadline = StatementDeadline.start(connection, this.properties.countTimeout());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			int width = Math.min(columnCount, result.getMetaData().getColumnCount());
			while (result.next()) {
				List<Object> row = new ArrayList<>();
				for (int index = 1; index <= width; index++) {
					row.add(ResultValues.convert(result.getObject(index), SAMPLE_VALUE_LENGTH));
				}
				rows.add(row);
			}
		}
		catch (SQLException ex) {
			logger.debug("Left out sample rows of a table: {}", SqliteErrors.message(ex));
		}
		return rows;
	}

	/**
	 * Dates and measured numbers say most about data; keys and identifiers say little.
	 */
	private static List<Column> notableColumns(Table table) {
		List<String> keyColumns = table.foreignKeys().stream().flatMap((key) -> key.columns().stream()).toList();
		return table.columns()
			.stream()
			.filter((column) -> !column.primaryKey() && !keyColumns.contains(column.name()))
			.filter((column) -> !column.name().toLowerCase(Locale.ROOT).endsWith("id"))
			.filter((column) -> isDateLike(column) || NUMERIC_TYPE.matcher(column.type()).matches())
			.limit(MAX_RANGES_PER_TABLE)
			.toList();
	}

	private static boolean isDateLike(Column column) {
		return DATE_LIKE.matcher(column.name()).matches() || DATE_LIKE.matcher(column.type()).matches();
	}

	private @Nullable ColumnRange range(Connection connection, String table, Column column) {
		String quoted = SqlIdentifiers.quote(column.name());
		String sql = "SELECT min(" + quoted + "), max(" + quoted + ") FROM " + SqlIdentifiers.quote(table) + " WHERE "
				+ quoted + " IS NOT NULL AND typeof(" + quoted + ") <> 'blob'";
		try (StatementDeadline deadline = StatementDeadline.start(connection, this.properties.countTimeout());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			if (!result.next() || result.getObject(1) == null) {
				return null;
			}
			String kind = isDateLike(column) ? "date" : "number";
			return new ColumnRange(column.name(), kind, ResultValues.convert(result.getObject(1), SAMPLE_VALUE_LENGTH),
					ResultValues.convert(result.getObject(2), SAMPLE_VALUE_LENGTH));
		}
		catch (SQLException ex) {
			logger.debug("Left out the range of a column: {}", SqliteErrors.message(ex));
			return null;
		}
	}

}
