package dev.askdb.sql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits for opening uploaded SQLite files and running untrusted SQL on them
 * ({@code askdb.sql.*}).
 *
 * @param timeout how long one statement may run before it is stopped
 * @param maxRows the most rows one statement returns; callers may ask for fewer
 * @param maxResultBytes the approximate size of one result, past which rows are cut
 * @param maxSqlLength the longest statement text accepted, in characters
 * @param maxValueBytes the largest string or blob SQLite may build while running a
 * statement ({@code SQLITE_LIMIT_LENGTH})
 * @param maxValueLength the longest text value returned whole; longer text and blob
 * previews are cut with a marker
 * @param countTimeout how long counting the rows of one table may take when reading a
 * schema
 * @param checkTimeout how long the integrity check of a new upload may take before it is
 * skipped
 */
@ConfigurationProperties("askdb.sql")
public record SqlProperties(@DefaultValue("5s") Duration timeout, @DefaultValue("1000") int maxRows,
		@DefaultValue("4194304") long maxResultBytes, @DefaultValue("100000") int maxSqlLength,
		@DefaultValue("16777216") int maxValueBytes, @DefaultValue("1000") int maxValueLength,
		@DefaultValue("500ms") Duration countTimeout, @DefaultValue("30s") Duration checkTimeout) {

	/**
	 * The settings used when nothing is configured.
	 * @return the defaults
	 */
	public static SqlProperties defaults() {
		return new SqlProperties(Duration.ofSeconds(5), 1000, 4L * 1024 * 1024, 100_000, 16 * 1024 * 1024, 1000,
				Duration.ofMillis(500), Duration.ofSeconds(30));
	}

}
