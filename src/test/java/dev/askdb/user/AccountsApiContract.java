package dev.askdb.user;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.TestServers;
import dev.askdb.support.Uploads;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Accounts, Conventions and Operations sections of the REST contract, over HTTP
 * against a full server; run once per metadata store by its subclasses.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AccountsApiContract {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Value("${askdb.data-dir}")
	Path dataFolder;

	Api api;

	@BeforeEach
	void createClient() {
		this.api = new Api(this.port);
	}

	@Test
	void registersSignsInAndShowsTheAccount() {
		String username = uniqueName();

		Response registered = this.api.post("/api/auth/register", credentials(username, Api.PASSWORD));
		Api user = this.api.signIn(username, Api.PASSWORD);
		JsonNode me = user.get("/api/users/me").expect(200).json();

		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.json().has("passwordHash")).isFalse();
		assertThat(me.get("username").asString()).isEqualTo(username);
		assertThat(me.get("hasApiKey").asBoolean()).isFalse();
		assertThat(Instant.parse(me.get("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(me.get("id").asLong()).isEqualTo(registered.json().get("id").asLong());
	}

	@Test
	void loginAnswersTokenTypeAndLifetime() {
		String username = uniqueName();
		this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).expect(201);

		JsonNode token = this.api.post("/api/auth/login", credentials(username, Api.PASSWORD)).expect(200).json();

		assertThat(token.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(token.get("expiresIn").asLong()).isEqualTo(3600);
		assertThat(token.get("accessToken").asString()).isNotBlank();
	}

	@Test
	void refusesNameTakenInAnotherCase() {
		String username = uniqueName();
		this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).expect(201);

		Response again = this.api.post("/api/auth/register", credentials(username.toUpperCase(), Api.PASSWORD));

		assertProblem(again, 409);
	}

	@Test
	void refusesInvalidBodiesWithFieldErrors() {
		Response shortName = this.api.post("/api/auth/register", credentials("ab", Api.PASSWORD));
		Response badCharacters = this.api.post("/api/auth/register", credentials("bad name!", Api.PASSWORD));
		Response shortPassword = this.api.post("/api/auth/register", credentials(uniqueName(), "short"));
		Response longPassword = this.api.post("/api/auth/register", credentials(uniqueName(), "x".repeat(129)));
		Response missing = this.api.post("/api/auth/register", Map.of());

		assertThat(fields(shortName)).containsExactly("username");
		assertThat(fields(badCharacters)).containsExactly("username");
		assertThat(fields(shortPassword)).containsExactly("password");
		assertThat(fields(longPassword)).containsExactly("password");
		assertThat(fields(missing)).containsExactlyInAnyOrder("username", "password");
	}

	@Test
	void checksLongPasswordsWhole() {
		String username = uniqueName();
		String password = "p".repeat(100) + "é".repeat(20);
		this.api.post("/api/auth/register", credentials(username, password)).expect(201);

		Response samePrefix = this.api.post("/api/auth/login", credentials(username, "p".repeat(100) + "e".repeat(20)));
		Response whole = this.api.post("/api/auth/login", credentials(username, password));

		assertProblem(samePrefix, 401);
		assertThat(whole.status()).isEqualTo(200);
	}

	@Test
	void answersUnknownUserAndWrongPasswordAlike() {
		String username = uniqueName();
		this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).expect(201);

		Response wrongPassword = this.api.post("/api/auth/login", credentials(username, "wrong password"));
		Response unknownUser = this.api.post("/api/auth/login", credentials(uniqueName(), Api.PASSWORD));

		assertProblem(wrongPassword, 401);
		assertProblem(unknownUser, 401);
		assertThat(wrongPassword.json().get("detail")).isEqualTo(unknownUser.json().get("detail"));
	}

	@Test
	void throttlesRepeatedFailedLoginsWithRetryAfter() {
		String username = uniqueName();
		this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).expect(201);

		List<Integer> statuses = new ArrayList<>();
		for (int attempt = 0; attempt < 6; attempt++) {
			statuses.add(this.api.post("/api/auth/login", credentials(username, "wrong password")).status());
		}
		Response throttled = this.api.post("/api/auth/login", credentials(username, Api.PASSWORD));

		assertThat(statuses.subList(0, 5)).containsOnly(401);
		assertThat(statuses.get(5)).isEqualTo(429);
		assertProblem(throttled, 429);
		assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 300);
	}

	@Test
	void refusesMissingTamperedExpiredAndUnsignedTokens() {
		Api user = this.api.newUser();
		String token = user.token();
		String[] parts = token.split("\\.");
		String tampered = parts[0] + "." + parts[1] + "." + flipMiddleCharacter(parts[2]);
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String unsigned = base64Url("{\"alg\":\"none\"}") + "." + base64Url(payload) + ".";
		String otherAlgorithm = Jwts.builder()
			.subject(subject(payload))
			.claim("ver", 0)
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(Keys.hmacShaKeyFor(Base64.getDecoder().decode(TestServers.JWT_SECRET_BASE64)), Jwts.SIG.HS384)
			.compact();
		String expired = Jwts.builder()
			.subject(subject(payload))
			.claim("ver", 0)
			.issuedAt(Date.from(Instant.now().minusSeconds(7200)))
			.expiration(Date.from(Instant.now().minusSeconds(3600)))
			.signWith(Keys.hmacShaKeyFor(Base64.getDecoder().decode(TestServers.JWT_SECRET_BASE64)), Jwts.SIG.HS256)
			.compact();

		assertThat(user.get("/api/users/me").status()).isEqualTo(200);
		assertProblem(this.api.get("/api/users/me"), 401);
		for (String forged : List.of(tampered, unsigned, otherAlgorithm, expired, "not-a-token")) {
			assertProblem(user.withToken(forged).get("/api/users/me"), 401);
		}
	}

	@Test
	void storesTheApiKeyEncryptedAndShowsOnlyAHint(CapturedOutput output) throws Exception {
		Api user = this.api.newUser();
		String apiKey = "sk-proj-" + UUID.randomUUID().toString().replace("-", "") + "WXYZ";

		user.put("/api/users/me/api-key", Map.of("apiKey", apiKey)).expect(204);
		JsonNode me = user.get("/api/users/me").expect(200).json();

		assertThat(me.get("hasApiKey").asBoolean()).isTrue();
		assertThat(me.get("apiKeyHint").asString()).isEqualTo("sk-…WXYZ");
		assertThat(me.toString()).doesNotContain(apiKey.substring(8, 30));
		assertThat(output.getAll()).doesNotContain(apiKey);
		assertThat(storedTextContaining(apiKey)).isEmpty();
		String ciphertext = JdbcClient.create(this.dataSource)
			.sql("select api_key_ciphertext from users where id = ?")
			.param(me.get("id").asLong())
			.query(String.class)
			.single();
		assertThat(ciphertext).doesNotContain(apiKey).isNotBlank();
	}

	@Test
	void removesTheApiKey() {
		Api user = this.api.newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", "sk-test-abcdefgh1234")).expect(204);

		user.delete("/api/users/me/api-key").expect(204);

		JsonNode me = user.get("/api/users/me").expect(200).json();
		assertThat(me.get("hasApiKey").asBoolean()).isFalse();
		assertThat(me.get("apiKeyHint").isNull()).isTrue();
	}

	@Test
	void changingThePasswordEndsEarlierTokens() {
		String username = uniqueName();
		this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).expect(201);
		Api user = this.api.signIn(username, Api.PASSWORD);

		Response wrongCurrent = user.put("/api/users/me/password",
				Map.of("currentPassword", "not the password", "newPassword", "a new password"));
		user.put("/api/users/me/password", Map.of("currentPassword", Api.PASSWORD, "newPassword", "a new password"))
			.expect(204);

		assertProblem(wrongCurrent, 403);
		assertProblem(user.get("/api/users/me"), 401);
		assertProblem(this.api.post("/api/auth/login", credentials(username, Api.PASSWORD)), 401);
		assertThat(this.api.signIn(username, "a new password").get("/api/users/me").status()).isEqualTo(200);
	}

	@Test
	void deletingTheAccountEndsItsTokensAndLeavesNoRows() {
		Api user = this.api.newUser();
		long id = user.get("/api/users/me").json().get("id").asLong();
		long database = Uploads.upload(user, Uploads.sharedData().resolve("chinook/Chinook_Sqlite.sqlite"));
		long conversation = user.post("/api/conversations", Map.of("databaseId", database))
			.expect(201)
			.json()
			.get("id")
			.asLong();
		user.post("/api/conversations/" + conversation + "/messages", Map.of("content", "kept without a key"))
			.expect(409);
		assertThat(OwnedRows.count(this.dataSource, id)).isEqualTo(4);

		user.delete("/api/users/me").expect(204);

		assertProblem(user.get("/api/users/me"), 401);
		assertThat(OwnedRows.count(this.dataSource, id)).isZero();
		assertThat(OwnedRows.messages(this.dataSource, conversation)).isZero();
		assertThat(this.dataFolder.resolve("uploads")).isDirectoryNotContaining((file) -> !isReferenced(file));
	}

	@Test
	void concurrentRegistrationsAndLoginsAllSucceed(CapturedOutput output) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				results.add(pool.submit(() -> {
					String username = uniqueName();
					int registered = this.api.post("/api/auth/register", credentials(username, Api.PASSWORD)).status();
					int signedIn = this.api.post("/api/auth/login", credentials(username, Api.PASSWORD)).status();
					return registered * 1000 + signedIn;
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(201200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(output.getAll()).doesNotContainIgnoringCase("database is locked");
	}

	@Test
	void answersFrameworkErrorsAsProblems() {
		Api user = this.api.newUser();

		assertProblem(user.get("/api/no-such-thing"), 404);
		assertProblem(user.delete("/api/auth/login"), 405);
		assertProblem(this.api.send("POST", "/api/auth/register",
				java.net.http.HttpRequest.BodyPublishers.ofString("username=x"), "text/plain"), 415);
		assertProblem(this.api.post("/api/auth/register", "{\"username\": "), 400);
		assertProblem(this.api.get("/api/users/me"), 401);
	}

	@Test
	void exposesHealthAndApiDocsButNothingElseOfActuator() {
		Response health = this.api.get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/v3/api-docs").status()).isEqualTo(200);
		assertThat(this.api.get("/v3/api-docs").body()).contains("/api/auth/register");
		assertThat(this.api.get("/actuator/env").status()).isEqualTo(401);
		assertThat(this.api.newUser().get("/actuator/env").status()).isEqualTo(404);
	}

	static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).as(response.body()).isEqualTo(status);
		assertThat(problem.hasNonNull("type")).as(response.body()).isTrue();
		assertThat(problem.hasNonNull("title")).isTrue();
		assertThat(problem.hasNonNull("detail")).isTrue();
		assertThat(response.body()).doesNotContain("Exception", "at dev.askdb", "org.springframework", "SELECT ");
	}

	private boolean isReferenced(Path file) {
		return JdbcClient.create(this.dataSource)
			.sql("select count(*) from databases where file_name = ?")
			.param(file.getFileName().toString())
			.query(Long.class)
			.single() > 0;
	}

	private List<String> storedTextContaining(String secret) throws Exception {
		try (Stream<Path> files = Files.walk(this.dataFolder)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> contains(file, secret))
				.map(Path::toString)
				.toList();
		}
	}

	private static boolean contains(Path file, String secret) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret);
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static List<String> fields(Response response) {
		assertProblem(response, 400);
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

	static Map<String, String> credentials(String username, String password) {
		return Map.of("username", username, "password", password);
	}

	static String uniqueName() {
		return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
	}

	private static String subject(String payload) {
		return payload.replaceAll(".*\"sub\":\"(\\d+)\".*", "$1");
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String flipMiddleCharacter(String signature) {
		// Not the last character: its low bits are padding, and changing only those
		// leaves the bytes as they were.
		int middle = signature.length() / 2;
		char flipped = (signature.charAt(middle) == 'A') ? 'B' : 'A';
		return signature.substring(0, middle) + flipped + signature.substring(middle + 1);
	}

}
