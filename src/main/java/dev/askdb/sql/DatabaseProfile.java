package dev.askdb.sql;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A small, bounded look at the data of an upload, used to describe it: a few rows per
 * table and the range of notable columns.
 *
 * @param tables the tables looked at, in schema order; large schemas are sampled only in
 * part
 */
public record DatabaseProfile(List<TableProfile> tables) {

	/**
	 * What was seen in one table.
	 *
	 * @param name the table name
	 * @param columns the sampled columns
	 * @param sampleRows a few rows, values cut short
	 * @param ranges the smallest and largest values of notable columns
	 */
	public record TableProfile(String name, List<String> columns, List<List<Object>> sampleRows,
			List<ColumnRange> ranges) {
	}

	/**
	 * The span of one column.
	 *
	 * @param column the column name
	 * @param kind {@code number} or {@code date}
	 * @param min the smallest value
	 * @param max the largest value
	 */
	public record ColumnRange(String column, String kind, @Nullable Object min, @Nullable Object max) {
	}

}
