package dev.askdb.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one untrusted read-only statement on a stored upload: checked by its words and by
 * SQLite's compiled program, run only as a query, and cut at row, byte and time limits.
 */
@Component
public class SqliteReadOnlySqlRunner implements ReadOnlySqlRunner {

	private static final Logger logger = LoggerFactory.getLogger(SqliteReadOnlySqlRunner.class);

	private final UploadedDatabaseOpener opener;

	private final SqlProperties properties;

	SqliteReadOnlySqlRunner(UploadedDatabaseOpener opener, SqlProperties properties) {
		this.opener = opener;
		this.properties = properties;
	}

	@Override
	public QueryResult run(Path file, String sql, @Nullable Integer maxRows) {
		String statement = SqlStatementGuard.checkText(sql, this.properties.maxSqlLength());
		int rowLimit = rowLimit(maxRows);
		long start = System.nanoTime();

		try (Connection connection = this.opener.open(file);
				StatementDeadline deadline = StatementDeadline.start(connection, this.properties.timeout())) {
			QueryResult result = runChecked(connection, deadline, statement, rowLimit, start);
			logger.debug("Ran statement on {} in {} ms: {} rows, truncated {}", file.getFileName(), result.elapsedMs(),
					result.rows().size(), result.truncated());
			return result;
		}
		catch (SQLException ex) {
			throw new QueryFailedException("SQLite could not open the database: " + SqliteErrors.message(ex) + ".");
		}
	}

	private int rowLimit(@Nullable Integer maxRows) {
		int configured = this.properties.maxRows();
		return (maxRows == null) ? configured : Math.max(1, Math.min(maxRows, configured));
	}

	private QueryResult runChecked(Connection connection, StatementDeadline deadline, String statement, int rowLimit,
			long start) {
		try {
			SqlStatementGuard.checkPlan(connection, statement);
			return query(connection, statement, rowLimit, start);
		}
		catch (SQLException ex) {
			throw translate(ex, deadline, start);
		}
	}

	private QueryResult query(Connection connection, String statement, int rowLimit, long start) throws SQLException {
		try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(statement)) {
			return collect(rows, rowLimit, start);
		}
		catch (SQLException ex) {
			if (SqliteErrors.isNoResult(ex)) {
				return new QueryResult(List.of(), List.of(), false, elapsedMs(start));
			}
			throw ex;
		}
	}

	private QueryResult collect(ResultSet rows, int rowLimit, long start) throws SQLException {
		List<String> columns = columns(rows.getMetaData());
		List<List<Object>> collected = new ArrayList<>();
		long bytes = 0;
		boolean truncated = false;
		while (rows.next()) {
			if (collected.size() == rowLimit) {
				truncated = true;
				break;
			}
			List<Object> row = row(rows, columns.size());
			bytes += row.stream().mapToLong(ResultValues::estimatedBytes).sum();
			if (bytes > this.properties.maxResultBytes()) {
				truncated = true;
				break;
			}
			collected.add(row);
		}
		return new QueryResult(columns, collected, truncated, elapsedMs(start));
	}

	private static List<String> columns(ResultSetMetaData metaData) throws SQLException {
		List<String> columns = new ArrayList<>();
		for (int index = 1; index <= metaData.getColumnCount(); index++) {
			columns.add(metaData.getColumnLabel(index));
		}
		return columns;
	}

	private List<Object> row(ResultSet rows, int columnCount) throws SQLException {
		List<Object> row = new ArrayList<>(columnCount);
		for (int index = 1; index <= columnCount; index++) {
			row.add(ResultValues.convert(rows.getObject(index), this.properties.maxValueLength()));
		}
		return row;
	}

	private RuntimeException translate(SQLException ex, StatementDeadline deadline, long start) {
		if (SqliteErrors.isInterrupt(ex) || deadline.expired()) {
			logger.debug("Stopped a statement after {} ms", elapsedMs(start));
			return new QueryTimeoutException("The query ran longer than the " + seconds()
					+ " allowed and was stopped. Narrow it with a WHERE clause or a LIMIT, "
					+ "or avoid joins that multiply rows.");
		}
		return new QueryFailedException("SQLite could not run the query: " + SqliteErrors.message(ex) + ".");
	}

	private String seconds() {
		long millis = this.properties.timeout().toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " seconds" : millis + " milliseconds";
	}

	private static long elapsedMs(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
