package dev.askdb.conversation;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.chat.ChatExecutor;
import dev.askdb.chat.ChatListener;
import dev.askdb.chat.ExecutedQuery;
import dev.askdb.conversation.ConversationResponses.MessageResponse;
import dev.askdb.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams an exchange as server-sent events ({@code user}, {@code delta}, {@code query},
 * then {@code reply} or {@code error}) from a chat thread: a virtual thread on Java 21
 * and later, a bounded pool on 17.
 *
 * <p>
 * A client that goes away does not stop the exchange: the reply is still stored, and only
 * the sending stops.
 */
@Component
class StreamedExchange {

	private static final Logger logger = LoggerFactory.getLogger(StreamedExchange.class);

	private final MessageExchange exchange;

	private final ChatExecutor executor;

	private final ConversationProperties properties;

	private final JsonMapper json;

	StreamedExchange(MessageExchange exchange, ChatExecutor executor, ConversationProperties properties,
			JsonMapper json) {
		this.exchange = exchange;
		this.executor = executor;
		this.properties = properties;
		this.json = json;
	}

	SseEmitter start(long ownerId, Message question) {
		EventSink sink = new EventSink(new SseEmitter(this.properties.streamTimeout().toMillis()));
		sink.send("user", MessageResponse.of(question, this.json));
		try {
			this.executor.execute(() -> run(ownerId, question, sink));
		}
		catch (RejectedExecutionException ex) {
			ErrorResponseException busy = Problems.exception(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Server busy",
					"Too many questions are being answered right now; your question was stored, ask again shortly.");
			busy.getBody().setProperty("userMessage", MessageResponse.of(question, this.json));
			sink.send("error", busy.getBody());
			sink.complete();
		}
		return sink.emitter();
	}

	private void run(long ownerId, Message question, EventSink sink) {
		try {
			Message reply = this.exchange.answer(ownerId, question, new ChatListener() {
				@Override
				public void onDelta(String content) {
					sink.send("delta", Map.of("content", content));
				}

				@Override
				public void onQuery(ExecutedQuery query) {
					sink.send("query", query);
				}
			});
			sink.send("reply", MessageResponse.of(reply, this.json));
		}
		catch (ErrorResponseException ex) {
			ProblemDetail problem = ex.getBody();
			sink.send("error", problem);
		}
		finally {
			sink.complete();
		}
	}

	/**
	 * Sends events until the client goes away, then quietly drops them.
	 */
	private static final class EventSink {

		private final SseEmitter emitter;

		private volatile boolean open = true;

		EventSink(SseEmitter emitter) {
			this.emitter = emitter;
			emitter.onCompletion(() -> this.open = false);
			emitter.onError((ex) -> this.open = false);
			emitter.onTimeout(() -> this.open = false);
		}

		SseEmitter emitter() {
			return this.emitter;
		}

		synchronized void send(String name, Object data) {
			if (!this.open) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				this.open = false;
				logger.debug("The client left a streamed answer; it is still stored");
			}
		}

		synchronized void complete() {
			if (this.open) {
				this.open = false;
				try {
					this.emitter.complete();
				}
				catch (IllegalStateException ex) {
					// Already completed by the container.
				}
			}
		}

	}

}
