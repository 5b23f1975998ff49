package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local server speaking OpenAI's chat-completions wire format, shared by every
 * full-server test in the JVM; tests queue its answers and read the requests it received.
 */
public final class FakeOpenAi {

	private static FakeOpenAi shared;

	private final MockWebServer server = NoDelayServerSockets.applyTo(new MockWebServer());

	private FakeOpenAi() {
		this.server.setDispatcher(new QueueDispatcher());
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static synchronized FakeOpenAi shared() {
		if (shared == null) {
			shared = new FakeOpenAi();
		}
		return shared;
	}

	public String baseUrl() {
		return this.server.url("/v1").toString();
	}

	/**
	 * Forgets queued answers and received requests from earlier tests.
	 */
	public void reset() {
		this.server.setDispatcher(new QueueDispatcher());
		try {
			while (this.server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
				// drain
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Answers every request with the given dispatcher until the next {@link #reset()}.
	 * @param dispatcher computes answers from requests
	 */
	public void dispatch(okhttp3.mockwebserver.Dispatcher dispatcher) {
		this.server.setDispatcher(dispatcher);
	}

	/**
	 * Drops the oldest request the server kept, for a dispatcher that has read it
	 * already: the server keeps every request until taken, which a long benchmark would
	 * pile up.
	 */
	public void forgetOneRequest() {
		try {
			this.server.takeRequest(0, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public void enqueue(MockResponse response) {
		this.server.enqueue(response);
	}

	public void enqueueJson(String body) {
		enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(body));
	}

	public RecordedRequest takeRequest() {
		try {
			RecordedRequest request = this.server.takeRequest(10, TimeUnit.SECONDS);
			if (request == null) {
				throw new AssertionError("The fake model received no request");
			}
			return request;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public List<RecordedRequest> takeRequests() {
		List<RecordedRequest> requests = new ArrayList<>();
		try {
			RecordedRequest request;
			while ((request = this.server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
				requests.add(request);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return requests;
	}

	public MockWebServer server() {
		return this.server;
	}

}
