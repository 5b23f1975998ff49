package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for askdb's JSON API, as a frontend would call it.
 */
public final class Api {

	public static final String PASSWORD = "correct horse battery";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String base;

	private final @Nullable String token;

	public Api(int port) {
		this("http://localhost:" + port, null);
	}

	private Api(String base, @Nullable String token) {
		this.base = base;
		this.token = token;
	}

	/**
	 * Registers a fresh account with a unique name and signs in as it.
	 * @return a client that sends the new account's token
	 */
	public Api newUser() {
		String username = "user-" + UUID.randomUUID().toString().substring(0, 12);
		post("/api/auth/register", Map.of("username", username, "password", PASSWORD)).expect(201);
		return signIn(username, PASSWORD);
	}

	public Api signIn(String username, String password) {
		Response login = post("/api/auth/login", Map.of("username", username, "password", password)).expect(200);
		return withToken(login.json().get("accessToken").asString());
	}

	public Api withToken(@Nullable String token) {
		return new Api(this.base, token);
	}

	public @Nullable String token() {
		return this.token;
	}

	public String base() {
		return this.base;
	}

	public Response get(String path) {
		return send("GET", path, BodyPublishers.noBody(), null);
	}

	public Response delete(String path) {
		return send("DELETE", path, BodyPublishers.noBody(), null);
	}

	public Response post(String path, Object body) {
		return sendJson("POST", path, body);
	}

	public Response put(String path, Object body) {
		return sendJson("PUT", path, body);
	}

	public Response patch(String path, Object body) {
		return sendJson("PATCH", path, body);
	}

	public Response sendJson(String method, String path, Object body) {
		String text = (body instanceof String raw) ? raw : json.writeValueAsString(body);
		return send(method, path, BodyPublishers.ofString(text), "application/json");
	}

	public Response send(String method, String path, BodyPublisher body, @Nullable String contentType) {
		return send(method, path, body, contentType, Map.of());
	}

	public Response send(String method, String path, BodyPublisher body, @Nullable String contentType,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).method(method, body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One answer: status, headers and body.
	 *
	 * @param status the HTTP status
	 * @param headers the headers
	 * @param body the body as text
	 */
	public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public @Nullable String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public Response expect(int expected) {
			if (this.status != expected) {
				throw new AssertionError("Expected " + expected + " but got " + this.status + ": " + this.body);
			}
			return this;
		}

	}

}
