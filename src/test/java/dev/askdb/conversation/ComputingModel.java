package dev.askdb.conversation;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import dev.askdb.support.OpenAiWire;

/**
 * A fake model that asks for one query and then answers from the result it was handed
 * back, as a real model would: the figure in its answer comes from the database, not from
 * the test.
 */
class ComputingModel extends Dispatcher {

	private static final ObjectMapper json = new ObjectMapper();

	private final String sql;

	private final String answerTemplate;

	private final AtomicInteger requests = new AtomicInteger();

	/**
	 * @param sql the query to ask for
	 * @param answerTemplate the answer, with {@code %s} where the first cell of the
	 * result goes
	 */
	ComputingModel(String sql, String answerTemplate) {
		this.sql = sql;
		this.answerTemplate = answerTemplate;
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		this.requests.incrementAndGet();
		JsonNode body = read(request.getBody().clone().readUtf8());
		JsonNode messages = body.path("messages");
		JsonNode last = messages.get(messages.size() - 1);
		boolean streaming = body.path("stream").asBoolean(false);
		if (!"tool".equals(last.path("role").asText())) {
			return streaming ? OpenAiWire.streamedToolCall(this.sql) : OpenAiWire.toolCalls(this.sql);
		}
		String answer = this.answerTemplate.formatted(firstCell(last.path("content").asText()));
		if (streaming) {
			int half = answer.length() / 2;
			return OpenAiWire.streamedAnswer(answer.substring(0, half), answer.substring(half));
		}
		return OpenAiWire.answer(answer);
	}

	int requests() {
		return this.requests.get();
	}

	private static String firstCell(String toolResult) {
		if (toolResult.startsWith("error:")) {
			return toolResult;
		}
		JsonNode result = read(toolResult);
		JsonNode cell = result.path("rows").path(0).path(0);
		return cell.isMissingNode() ? "nothing (" + toolResult + ")" : cell.asText();
	}

	private static JsonNode read(String text) {
		try {
			return json.readTree(text);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Not JSON: " + text, ex);
		}
	}

}
