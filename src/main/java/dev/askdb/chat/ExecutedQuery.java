package dev.askdb.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A query the model ran while answering, with a preview of its rows for storing and
 * showing.
 *
 * @param sql the statement the model wrote
 * @param columns the result's columns, empty when it failed
 * @param rows the first rows, at most the configured preview
 * @param truncated whether rows were left out of the preview
 * @param error why the statement was refused or failed, or {@code null}
 */
public record ExecutedQuery(String sql, List<String> columns, List<List<Object>> rows, boolean truncated,
		@Nullable String error) {

}
