package dev.askdb.bench;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.askdb.support.Api;
import dev.askdb.support.ClosedLoopLoad;
import dev.askdb.support.ClosedLoopLoad.RequestFactory;
import dev.askdb.support.Uploads;

/**
 * The requests a user's browser sends while chatting, against one user with one database,
 * a conversation per client and a conversation with a full page of messages.
 */
final class Workload {

	static final Path CHINOOK = Uploads.sharedData().resolve("chinook/Chinook_Sqlite.sqlite");

	static final int PAGE = 50;

	private final Api user;

	private final String base;

	private final long database;

	private final List<Long> conversations;

	private final long fullConversation;

	private Workload(Api user, long database, List<Long> conversations, long fullConversation) {
		this.user = user;
		this.base = user.base();
		this.database = database;
		this.conversations = conversations;
		this.fullConversation = fullConversation;
	}

	/**
	 * Registers a user with an API key, uploads Chinook, opens a conversation per client
	 * and fills one conversation with more than a page of messages.
	 * @param anonymous a client of the server
	 * @param clients the most clients that will post at once
	 * @return the workload
	 */
	static Workload prepare(Api anonymous, int clients) {
		Api user = anonymous.newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", "sk-bench-" + System.nanoTime())).expect(204);
		long database = Uploads.upload(user, CHINOOK);
		List<Long> conversations = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			conversations.add(conversation(user, database, "client " + i));
		}
		long full = conversation(user, database, "a long one");
		for (int i = 0; i < PAGE / 2 + 5; i++) {
			user.post(messages(full), Map.of("content", "question " + i)).expect(201);
		}
		return new Workload(user, database, conversations, full);
	}

	Api user() {
		return this.user;
	}

	long database() {
		return this.database;
	}

	RequestFactory health() {
		return (client, n) -> ClosedLoopLoad.request(this.base, "/actuator/health", null);
	}

	RequestFactory listMessages() {
		String path = messages(this.fullConversation) + "?limit=" + PAGE;
		return (client, n) -> ClosedLoopLoad.request(this.base, path, this.user.token());
	}

	RequestFactory listConversations() {
		String path = "/api/conversations?databaseId=" + this.database + "&size=20";
		return (client, n) -> ClosedLoopLoad.request(this.base, path, this.user.token());
	}

	RequestFactory postMessage() {
		return (client, n) -> ClosedLoopLoad
			.request(this.base, messages(this.conversations.get(client % this.conversations.size())), this.user.token())
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"content\":\"How many tracks are there, take " + n + "?\"}"));
	}

	/**
	 * A browser's mix: every third request posts a question, the others list messages and
	 * conversations.
	 * @return the mixed requests
	 */
	RequestFactory mixed() {
		RequestFactory post = postMessage();
		RequestFactory messages = listMessages();
		RequestFactory conversations = listConversations();
		return (client, n) -> switch ((client + n) % 3) {
			case 0 -> post.next(client, n);
			case 1 -> messages.next(client, n);
			default -> conversations.next(client, n);
		};
	}

	/**
	 * The number of connections the metadata store's pool has lent out, from the metrics
	 * endpoint (which the server must expose).
	 * @return the active connections
	 */
	int activeStoreConnections() {
		JsonNode metric = this.user.get("/actuator/metrics/hikaricp.connections.active").expect(200).json();
		return (int) metric.get("measurements").get(0).get("value").asDouble();
	}

	private static long conversation(Api user, long database, String name) {
		return user.post("/api/conversations", Map.of("databaseId", database, "name", name))
			.expect(201)
			.json()
			.get("id")
			.asLong();
	}

	static String messages(long conversation) {
		return "/api/conversations/" + conversation + "/messages";
	}

}
