package dev.askdb.chat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.sql.QueryFailedException;
import dev.askdb.sql.QueryRejectedException;
import dev.askdb.sql.QueryResult;
import dev.askdb.sql.QueryTimeoutException;
import dev.askdb.sql.ReadOnlySqlRunner;

/**
 * The {@code run_sql} tool: its definition for the model, and running a call through the
 * read-only runner into a compact result the model can read.
 */
final class SqlTool {

	static final String NAME = "run_sql";

	static final String DESCRIPTION = "Run one read-only SQLite query (SELECT or WITH ... SELECT) on the user's "
			+ "database and get back its columns and first rows as JSON. Aggregate in SQL and use LIMIT; "
			+ "errors come back as text starting with 'error:' so you can correct the query.";

	private static final Logger logger = LoggerFactory.getLogger(SqlTool.class);

	private static final ObjectMapper json = new ObjectMapper();

	private static final Map<String, Object> PARAMETERS = Map.of("type", "object", "properties",
			Map.of("sql", Map.of("type", "string", "description", "exactly one read-only SQLite statement")),
			"required", List.of("sql"), "additionalProperties", false);

	private final ReadOnlySqlRunner runner;

	private final int maxRows;

	private final int maxChars;

	private final int previewRows;

	SqlTool(ReadOnlySqlRunner runner, ChatProperties properties) {
		this.runner = runner;
		this.maxRows = properties.toolMaxRows();
		this.maxChars = properties.toolMaxChars();
		this.previewRows = properties.previewRows();
	}

	/**
	 * The tool as the model sees it; built once, since openai-java's models are immutable
	 * and converting the parameters' schema costs a JSON conversion per call otherwise.
	 */
	private static final ChatCompletionFunctionTool DEFINITION = buildDefinition();

	static ChatCompletionFunctionTool definition() {
		return DEFINITION;
	}

	private static ChatCompletionFunctionTool buildDefinition() {
		FunctionParameters.Builder parameters = FunctionParameters.builder();
		PARAMETERS.forEach((key, value) -> parameters.putAdditionalProperty(key, JsonValue.from(value)));
		FunctionDefinition function = FunctionDefinition.builder()
			.name(NAME)
			.description(DESCRIPTION)
			.parameters(parameters.build())
			.build();
		return ChatCompletionFunctionTool.builder().function(function).build();
	}

	static String definitionText() {
		try {
			return NAME + DESCRIPTION + json.writeValueAsString(PARAMETERS);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What one tool call produced.
	 *
	 * @param query the query run, or {@code null} when the call carried no SQL
	 * @param resultText what goes back to the model
	 */
	record Outcome(@Nullable ExecutedQuery query, String resultText) {
	}

	Outcome call(Path file, String name, String arguments) {
		if (!NAME.equals(name)) {
			return new Outcome(null, "error: unknown tool '" + name + "'; the only tool is " + NAME + ".");
		}
		String sql = sqlOf(arguments);
		if (sql == null) {
			return new Outcome(null, "error: call " + NAME + " with JSON arguments like {\"sql\": \"SELECT ...\"}.");
		}
		return run(file, sql);
	}

	private Outcome run(Path file, String sql) {
		long started = System.nanoTime();
		try {
			QueryResult result = this.runner.run(file, sql, this.maxRows);
			logger.debug("Tool query ran in {} ms, {} rows", (System.nanoTime() - started) / 1_000_000,
					result.rows().size());
			return new Outcome(preview(sql, result), resultText(result));
		}
		catch (QueryRejectedException | QueryFailedException | QueryTimeoutException refused) {
			return failed(sql, refused.getMessage());
		}
		catch (RuntimeException unexpected) {
			logger.warn("Tool query could not be run: {}", unexpected.getClass().getSimpleName());
			return failed(sql, "the query could not be run");
		}
	}

	private static Outcome failed(String sql, String error) {
		ExecutedQuery query = new ExecutedQuery(sql, List.of(), List.of(), false, error);
		return new Outcome(query, "error: " + error);
	}

	private static @Nullable String sqlOf(String arguments) {
		try {
			JsonNode sql = json.readTree(arguments).path("sql");
			return (sql.isTextual() && !sql.asText().isBlank()) ? sql.asText() : null;
		}
		catch (JsonProcessingException | RuntimeException ex) {
			return null;
		}
	}

	private ExecutedQuery preview(String sql, QueryResult result) {
		List<List<Object>> rows = result.rows();
		int kept = Math.min(rows.size(), this.previewRows);
		List<List<Object>> preview = new ArrayList<>(kept);
		rows.subList(0, kept).forEach((row) -> preview.add(Collections.unmodifiableList(new ArrayList<>(row))));
		return new ExecutedQuery(sql, List.copyOf(result.columns()), Collections.unmodifiableList(preview),
				result.truncated() || rows.size() > kept, null);
	}

	String resultText(QueryResult result) {
		int cellChars = Math.max(40, this.maxChars / 8);
		StringBuilder rows = new StringBuilder();
		int shown = 0;
		int room = this.maxChars - 160 - write(result.columns()).length();
		for (List<Object> row : result.rows()) {
			String text = write(capCells(row, cellChars));
			if (rows.length() + text.length() + 1 > room) {
				break;
			}
			rows.append((shown == 0) ? "" : ",").append(text);
			shown++;
		}

		boolean cut = shown < result.rows().size();
		StringBuilder text = new StringBuilder("{\"columns\":").append(write(result.columns()))
			.append(",\"rows\":[")
			.append(rows)
			.append("],\"rowCount\":")
			.append(shown)
			.append(",\"truncated\":")
			.append(result.truncated() || cut);
		if (cut) {
			text.append(",\"note\":\"only ")
				.append(shown)
				.append(" rows fit here; aggregate or select fewer columns\"");
		}
		return text.append('}').toString();
	}

	private static List<Object> capCells(List<Object> row, int maxChars) {
		List<Object> capped = new ArrayList<>(row.size());
		for (Object value : row) {
			boolean tooLong = value instanceof String text && text.length() > maxChars;
			capped.add(tooLong ? ((String) value).substring(0, maxChars) + "…" : value);
		}
		return capped;
	}

	private static String write(Object value) {
		try {
			return json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
