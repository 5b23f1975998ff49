package dev.askdb.support;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.MockResponse;

/**
 * Replies in OpenAI's chat-completions wire format, whole or streamed, for the fake model
 * in tests.
 */
public final class OpenAiWire {

	private static final ObjectMapper json = new ObjectMapper();

	private OpenAiWire() {
	}

	public static MockResponse answer(String content) {
		ObjectNode message = json.createObjectNode().put("role", "assistant").put("content", content);
		return completion(message, "stop");
	}

	public static MockResponse toolCalls(String... sqls) {
		ObjectNode message = json.createObjectNode().put("role", "assistant").putNull("content");
		ArrayNode calls = message.putArray("tool_calls");
		for (int i = 0; i < sqls.length; i++) {
			ObjectNode call = calls.addObject().put("id", "call_" + i).put("type", "function");
			call.putObject("function").put("name", "run_sql").put("arguments", arguments(sqls[i]));
		}
		return completion(message, "tool_calls");
	}

	public static String arguments(String sql) {
		return json.createObjectNode().put("sql", sql).toString();
	}

	private static MockResponse completion(ObjectNode message, String finishReason) {
		ObjectNode body = json.createObjectNode()
			.put("id", "chatcmpl-1")
			.put("object", "chat.completion")
			.put("created", 1700000000)
			.put("model", "gpt-4o-mini-2024-07-18");
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
		choice.set("message", message);
		choice.putNull("logprobs");
		body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10).put("total_tokens", 110);
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
	}

	public static MockResponse sse(List<String> chunks) {
		StringBuilder body = new StringBuilder();
		chunks.forEach((chunk) -> body.append("data: ").append(chunk).append("\n\n"));
		body.append("data: [DONE]\n\n");
		return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body.toString());
	}

	public static String chunk(String deltaJson, String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson
				+ ",\"finish_reason\":" + finish + "}]}";
	}

	public static String usageChunk(int prompt, int completion) {
		return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
				+ ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
	}

	/**
	 * A streamed answer whose content arrives in the given pieces, followed by a usage
	 * chunk.
	 * @param pieces the content pieces
	 * @return the response
	 */
	public static MockResponse streamedAnswer(String... pieces) {
		List<String> chunks = new java.util.ArrayList<>();
		chunks.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
		for (String piece : pieces) {
			chunks.add(chunk(json.createObjectNode().put("content", piece).toString(), null));
		}
		chunks.add(chunk("{}", "stop"));
		chunks.add(usageChunk(100, 10));
		return sse(chunks);
	}

	/**
	 * A streamed request to run one query, its arguments split over two chunks.
	 * @param sql the query
	 * @return the response
	 */
	public static MockResponse streamedToolCall(String sql) {
		String arguments = arguments(sql);
		int half = arguments.length() / 2;
		ObjectNode first = json.createObjectNode();
		ObjectNode call = first.putArray("tool_calls")
			.addObject()
			.put("index", 0)
			.put("id", "call_s")
			.put("type", "function");
		call.putObject("function").put("name", "run_sql").put("arguments", arguments.substring(0, half));
		ObjectNode second = json.createObjectNode();
		second.putArray("tool_calls")
			.addObject()
			.put("index", 0)
			.putObject("function")
			.put("arguments", arguments.substring(half));
		return sse(List.of(chunk(first.toString(), null), chunk(second.toString(), null), chunk("{}", "tool_calls"),
				usageChunk(100, 10)));
	}

}
