package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A fake language model of its own that answers every chat completion at once, with no
 * query, so that load on the server measures the server and not the model.
 */
public final class InstantModel implements AutoCloseable {

	private final MockWebServer server = NoDelayServerSockets.applyTo(new MockWebServer());

	private final AtomicLong requests = new AtomicLong();

	public InstantModel() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				InstantModel.this.requests.incrementAndGet();
				forgetOneRecordedRequest();
				return OpenAiWire.answer("The answer is 42.");
			}
		});
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// MockWebServer keeps every request it received; under load that would grow without
	// bound.
	private void forgetOneRecordedRequest() {
		try {
			this.server.takeRequest(0, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public String baseUrl() {
		return this.server.url("/v1").toString();
	}

	public long requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		try {
			this.server.shutdown();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
