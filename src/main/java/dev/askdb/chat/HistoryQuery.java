package dev.askdb.chat;

import org.jspecify.annotations.Nullable;

/**
 * A query an earlier assistant message ran, summarized for the prompt without its rows.
 *
 * @param sql the statement
 * @param rowCount the rows it returned (or kept, when cut)
 * @param truncated whether more rows existed
 * @param error why it failed, or {@code null}
 */
public record HistoryQuery(String sql, int rowCount, boolean truncated, @Nullable String error) {

}
