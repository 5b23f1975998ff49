package dev.askdb.sql;

import java.util.List;

/**
 * The outcome of one read-only statement: column names, rows of JSON-typed values, and
 * whether the rows were cut.
 *
 * <p>
 * Values are {@link Long}, {@link Double}, {@link String} or {@code null}; blobs arrive
 * already rendered as text.
 *
 * @param columns the result's column names, in order
 * @param rows the rows, each as many values as there are columns
 * @param truncated whether rows were left out because a row or byte limit was reached
 * @param elapsedMs wall-clock time spent running the statement
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, long elapsedMs) {

}
