package dev.askdb.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns the driver's exceptions into SQLite's own words, without the driver's prefix and
 * generic explanation.
 */
final class SqliteErrors {

	/** The driver writes {@code [CODE] generic text (SQLite's message)}. */
	private static final Pattern DRIVER_WRAPPING = Pattern.compile("^\\[[A-Z_]+\\] .*? \\((.*)\\)$", Pattern.DOTALL);

	private SqliteErrors() {
	}

	/**
	 * Gives SQLite's own message for a failure.
	 * @param ex the driver's exception
	 * @return a short message such as {@code no such column: Foo}
	 */
	static String message(SQLException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "unknown error";
		Matcher matcher = DRIVER_WRAPPING.matcher(message);
		return matcher.matches() ? matcher.group(1) : message;
	}

	/**
	 * Tells whether the statement was stopped by an interrupt.
	 * @param ex the driver's exception
	 * @return whether SQLite reported an interrupt
	 */
	static boolean isInterrupt(SQLException ex) {
		if (ex instanceof SQLiteException sqlite) {
			return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT;
		}
		return ex.getErrorCode() == SQLiteErrorCode.SQLITE_INTERRUPT.code;
	}

	/**
	 * Tells whether the driver said the statement returns no result set.
	 * @param ex the driver's exception
	 * @return whether the statement had no result columns
	 */
	static boolean isNoResult(SQLException ex) {
		return ex.getMessage() != null && ex.getMessage().contains("query does not return ResultSet");
	}

}
