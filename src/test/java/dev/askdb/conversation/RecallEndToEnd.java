package dev.askdb.conversation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.chat.Tokenizer;
import dev.askdb.memory.MessageMemory;
import dev.askdb.memory.PlantedConversation;
import dev.askdb.memory.PlantedConversation.PlantedFact;
import dev.askdb.support.Api;
import dev.askdb.support.Api.Response;
import dev.askdb.support.FakeOpenAi;
import dev.askdb.support.OpenAiWire;
import dev.askdb.support.Uploads;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end recall benchmark over HTTP against a full server: a 2,000-message
 * conversation with planted facts seeded straight into the store and embedded by the
 * backfill, each planted question asked through {@code POST
 * /api/conversations/{id}/messages}, and the request the fake model received checked for
 * the planted message; then the turn latency at 10 versus 10,000 messages. Run once per
 * metadata store by its subclasses, which are not part of the normal suite; see
 * {@code bench/recall/README.md}.
 */
abstract class RecallEndToEnd {

	static final Path CHINOOK = Uploads.sharedData().resolve("chinook/Chinook_Sqlite.sqlite");

	static final JsonMapper json = JsonMapper.builder().build();

	static final int PLANTED_MESSAGES = 2_000;

	static final int LONG_MESSAGES = 10_000;

	static final int SHORT_MESSAGES = 10;

	/**
	 * Enough messages of the generated talk to fill the history share of the prompt, so
	 * that a turn costs what one at 10,000 messages costs apart from the memory.
	 */
	static final int FULL_PROMPT_MESSAGES = 400;

	static final int TIMED_TURNS = 200;

	static final int WARM_UP_TURNS = 5;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	MessageMemory memory;

	@Autowired
	Tokenizer tokenizer;

	@Autowired
	RecentMessages recentMessages;

	final FakeOpenAi model = FakeOpenAi.shared();

	final List<String> received = new CopyOnWriteArrayList<>();

	final StringBuilder report = new StringBuilder();

	/**
	 * What the fake model answers: a fixed line while the planted facts are asked, then a
	 * reply of the generated talk for each timed turn, so that a growing conversation's
	 * history keeps the seeded messages' sizes.
	 */
	volatile String answer = "I checked the tables, nothing else to add.";

	abstract String store();

	@Test
	void plantedFactsReachTheModelAndTurnCostStaysFlat() throws IOException {
		this.model.reset();
		this.model.dispatch(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				RecallEndToEnd.this.received.add(request.getBody().clone().readUtf8());
				RecallEndToEnd.this.model.forgetOneRequest();
				return OpenAiWire.answer(RecallEndToEnd.this.answer);
			}
		});
		Api user = new Api(this.port).newUser();
		user.put("/api/users/me/api-key", Map.of("apiKey", "sk-test-" + UUID.randomUUID())).expect(204);
		long database = Uploads.upload(user, CHINOOK);
		JdbcClient jdbc = JdbcClient.create(this.dataSource);

		PlantedConversation planted = PlantedConversation.generate(PLANTED_MESSAGES, 42);
		long plantedConversation = conversation(user, database);
		long start = System.nanoTime();
		seed(plantedConversation, planted.messages());
		double seedSeconds = seconds(start);
		start = System.nanoTime();
		int embedded = 0;
		int batch;
		while ((batch = this.memory.backfill(500)) > 0) {
			embedded += batch;
		}
		double backfillSeconds = seconds(start);

		line("## End to end over HTTP, %s", store());
		line("");
		line("Seeded %,d messages in %.1f s; the backfill embedded %,d of them with the local model in %.1f s.",
				PLANTED_MESSAGES, seedSeconds, embedded, backfillSeconds);
		line("");
		Asked words = ask(user, jdbc, plantedConversation, planted, PlantedFact::wordsQuestion);
		Asked meaning = ask(user, jdbc, plantedConversation, planted, PlantedFact::meaningQuestion);
		line("| questions | fact in the model's request | of which recalled (below the recent window) | in the recent window | prompt tokens, median (max) | recalled section tokens, median |");
		line("|---|---|---|---|---|---|");
		words.line(this, "repeating the fact's words");
		meaning.line(this, "sharing only its meaning");
		line("");
		line("Misses:");
		words.misses.forEach((miss) -> line("- %s", miss));
		meaning.misses.forEach((miss) -> line("- %s", miss));
		line("");

		double ratio = turnCost(user, jdbc, database, plantedConversation, planted);
		writeReport();

		assertThat(words.inPrompt()).isGreaterThanOrEqualTo(0.9);
		assertThat(meaning.inPrompt()).isGreaterThanOrEqualTo(0.9);
		assertThat(ratio).isLessThanOrEqualTo(1.25);
	}

	private Asked ask(Api user, JdbcClient jdbc, long conversation, PlantedConversation planted,
			java.util.function.Function<PlantedFact, String> question) {
		Asked asked = new Asked();
		for (PlantedFact fact : planted.facts()) {
			this.received.clear();
			Response posted = user.post(messages(conversation), Map.of("content", question.apply(fact)));
			assertThat(posted.status()).as(posted.body()).isEqualTo(201);
			JsonNode reply = posted.json().get("reply");
			List<Integer> recalled = new ArrayList<>();
			reply.path("recalled").forEach((index) -> recalled.add(index.asInt()));
			JsonNode request = json.readTree(this.received.get(0));
			List<String> contents = new ArrayList<>();
			String recalledSection = "";
			for (JsonNode message : request.path("messages")) {
				String content = message.path("content").asString("");
				contents.add(content);
				if (content.startsWith("Earlier messages of this conversation")) {
					recalledSection = content;
				}
			}
			boolean inPrompt = contents.stream().anyMatch((content) -> content.contains(fact.statement()));
			asked.add(fact, question.apply(fact), inPrompt, recalled.contains(fact.index()),
					this.tokenizer.countPrompt(contents), this.tokenizer.count(recalledSection));
			restore(jdbc, conversation, PLANTED_MESSAGES, true);
		}
		return asked;
	}

	/**
	 * Median turn latency over HTTP in a conversation of 10, one of 400 and one of 10,000
	 * messages, turns alternating; see {@link #turn} for how their lengths are kept.
	 */
	private double turnCost(Api user, JdbcClient jdbc, long database, long plantedConversation,
			PlantedConversation planted) {
		long small = conversation(user, database);
		long large = conversation(user, database);
		Random random = new Random(7);
		List<String> smallMessages = new ArrayList<>();
		for (int index = 0; index < SHORT_MESSAGES; index++) {
			smallMessages.add(PlantedConversation.chitChat(random, index));
		}
		List<String> largeMessages = new ArrayList<>();
		for (int index = 0; index < LONG_MESSAGES; index++) {
			largeMessages.add(planted.messages().get(index % PLANTED_MESSAGES));
		}
		long full = conversation(user, database);
		seed(small, smallMessages);
		seed(full, planted.messages().subList(0, FULL_PROMPT_MESSAGES));
		long start = System.nanoTime();
		seed(large, largeMessages);
		double seedSeconds = seconds(start);
		// The long conversation repeats the planted one, so its vectors are copied rather
		// than embedded again; the short one is embedded by the backfill.
		int copied = jdbc.sql("""
				INSERT INTO message_embeddings (message_id, conversation_id, message_index, model, scale, vector)
				SELECT m.id, m.conversation_id, m.message_index, e.model, e.scale, e.vector
				FROM messages m JOIN messages p ON p.conversation_id = ? AND p.message_index = m.message_index % ?
				JOIN message_embeddings e ON e.message_id = p.id
				WHERE m.conversation_id = ?
				ON CONFLICT (message_id) DO NOTHING""").params(plantedConversation, PLANTED_MESSAGES, large).update();
		while (this.memory.backfill(500) > 0) {
			// Embeds the short conversation and whatever else is left.
		}

		List<Double> smallMillis = new ArrayList<>();
		List<Double> largeMillis = new ArrayList<>();
		List<Double> fullMillis = new ArrayList<>();
		List<Integer> smallTokens = new ArrayList<>();
		List<Integer> largeTokens = new ArrayList<>();
		List<Integer> fullTokens = new ArrayList<>();
		List<Double> smallRecall = new ArrayList<>();
		List<Double> largeRecall = new ArrayList<>();
		List<Double> fullRecall = new ArrayList<>();
		List<Double> coldMillis = new ArrayList<>();
		List<Integer> coldTokens = new ArrayList<>();
		List<Double> coldRecall = new ArrayList<>();
		for (int turn = 0; turn < WARM_UP_TURNS + TIMED_TURNS; turn++) {
			boolean timed = turn >= WARM_UP_TURNS;
			turn(user, jdbc, small, SHORT_MESSAGES, random, timed ? smallMillis : null, smallTokens, smallRecall);
			turn(user, jdbc, large, LONG_MESSAGES, random, timed ? largeMillis : null, largeTokens, largeRecall);
			turn(user, jdbc, full, FULL_PROMPT_MESSAGES, random, timed ? fullMillis : null, fullTokens, fullRecall);
			// The first question after a restart or eviction: the history is not held.
			this.recentMessages.forget(large);
			turn(user, jdbc, large, LONG_MESSAGES, random, timed ? coldMillis : null, coldTokens, coldRecall);
		}
		double ratio = median(largeMillis) / median(smallMillis);
		line("### Turn latency over HTTP, %s (fake model answering at once, question embedded by the local model)",
				store());
		line("");
		line("Seeded %,d messages in %.1f s and copied %,d vectors. The 10-message conversation is held at its "
				+ "length by deleting each turn; the others grow over the run, as conversations in use do "
				+ "(the one of 400 by %d messages, the one of 10,000 by twice as many, as it also takes the turns "
				+ "whose history is not held).", LONG_MESSAGES, seedSeconds, copied, 2 * (WARM_UP_TURNS + TIMED_TURNS));
		line("");
		line("| conversation | turns | turn median | turn p90 | prompt tokens, median | recall after the turn, median (in process, below the last 4 messages; the question's embedding is reused) |");
		line("|---|---|---|---|---|---|");
		line("| %,d messages | %d | %.1f ms | %.1f ms | %.0f | %.2f ms |", SHORT_MESSAGES, smallMillis.size(),
				median(smallMillis), percentile(smallMillis, 90), medianInt(smallTokens), median(smallRecall));
		line("| %,d messages (history share of the prompt full) | %d | %.1f ms | %.1f ms | %.0f | %.2f ms |",
				FULL_PROMPT_MESSAGES, fullMillis.size(), median(fullMillis), percentile(fullMillis, 90),
				medianInt(fullTokens), median(fullRecall));
		line("| %,d messages | %d | %.1f ms | %.1f ms | %.0f | %.2f ms |", LONG_MESSAGES, largeMillis.size(),
				median(largeMillis), percentile(largeMillis, 90), medianInt(largeTokens), median(largeRecall));
		line("| %,d messages, history not held (first question after a restart or eviction; not in the ratio) "
				+ "| %d | %.1f ms | %.1f ms | %.0f | %.2f ms |", LONG_MESSAGES, coldMillis.size(), median(coldMillis),
				percentile(coldMillis, 90), medianInt(coldTokens), median(coldRecall));
		line("");
		line("Ratio of turn medians 10,000 / 10: **%.2f** (at most 1.25 required); 10,000 / %d (same prompt size, "
				+ "so only the conversation's length differs): **%.2f**; 10,000 with the history not held / 10: %.2f.",
				ratio, FULL_PROMPT_MESSAGES, median(largeMillis) / median(fullMillis),
				median(coldMillis) / median(smallMillis));
		line("");
		return ratio;
	}

	/**
	 * One timed turn. The conversation of 10 messages is held at its length by deleting
	 * the turn afterwards; the longer ones grow as conversations in use do (by 2 % over
	 * the run at 10,000), since deleting their newest turn, which no client can do, would
	 * make every question read its history from the store again.
	 */
	private void turn(Api user, JdbcClient jdbc, long conversation, int length, Random random, List<Double> millis,
			List<Integer> tokens, List<Double> recallMillis) {
		this.received.clear();
		String question = PlantedConversation.chitChat(random, 0);
		this.answer = PlantedConversation.chitChat(random, 1);
		long start = System.nanoTime();
		Response posted = user.post(messages(conversation), Map.of("content", question));
		double elapsed = (System.nanoTime() - start) / 1e6;
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		int asked = posted.json().get("userMessage").get("index").asInt();
		if (millis != null) {
			millis.add(elapsed);
			List<String> contents = new ArrayList<>();
			json.readTree(this.received.get(0))
				.path("messages")
				.forEach((message) -> contents.add(message.path("content").asString("")));
			tokens.add(this.tokenizer.countPrompt(contents));
			long recallStart = System.nanoTime();
			this.memory.recall(conversation, question, asked - 4);
			recallMillis.add((System.nanoTime() - recallStart) / 1e6);
		}
		if (length == SHORT_MESSAGES) {
			restore(jdbc, conversation, length, false);
		}
		else {
			this.memory.awaitIdle(Duration.ofMinutes(1));
		}
	}

	/**
	 * Deletes what a turn stored, so that the conversation keeps its length; the cache
	 * keeps the removed vectors' places, above every later recall's window, unless told
	 * to forget.
	 */
	private void restore(JdbcClient jdbc, long conversation, int length, boolean forget) {
		this.memory.awaitIdle(Duration.ofMinutes(1));
		jdbc.sql("DELETE FROM messages WHERE conversation_id = ? AND message_index >= ?")
			.params(conversation, length)
			.update();
		jdbc.sql("UPDATE conversations SET message_count = ? WHERE id = ?").params(length, conversation).update();
		if (forget) {
			this.memory.forget(conversation);
		}
	}

	/**
	 * Inserts messages straight into the store, user and assistant alternating, with
	 * their token counts, and advances the conversation's message count.
	 */
	private void seed(long conversation, List<String> contents) {
		List<Object[]> rows = new ArrayList<>(contents.size());
		for (int index = 0; index < contents.size(); index++) {
			String content = contents.get(index);
			rows.add(new Object[] { conversation, index, (index % 2 == 0) ? "user" : "assistant", content,
					this.tokenizer.count(content), conversation });
		}
		JdbcTemplate template = new JdbcTemplate(this.dataSource);
		for (int from = 0; from < rows.size(); from += 1_000) {
			template.batchUpdate("""
					INSERT INTO messages (conversation_id, message_index, role, content, token_count, created_at)
					SELECT ?, ?, ?, ?, ?, created_at FROM conversations WHERE id = ?""",
					rows.subList(from, Math.min(rows.size(), from + 1_000)));
		}
		template.update("UPDATE conversations SET message_count = ? WHERE id = ?", contents.size(), conversation);
	}

	private void writeReport() throws IOException {
		Path file = Path.of("target", "recall-end-to-end-" + store().toLowerCase(Locale.ROOT) + ".md");
		Files.createDirectories(file.getParent());
		Files.writeString(file, this.report);
		System.out.println(this.report);
	}

	private static long conversation(Api user, long database) {
		return user.post("/api/conversations", Map.of("databaseId", database)).expect(201).json().get("id").asLong();
	}

	private static String messages(long conversation) {
		return "/api/conversations/" + conversation + "/messages";
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	static double median(List<Double> values) {
		return percentile(values, 50);
	}

	static double medianInt(List<Integer> values) {
		return median(values.stream().map(Integer::doubleValue).toList());
	}

	static double percentile(List<Double> values, int percent) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1))];
	}

	void line(String format, Object... arguments) {
		this.report.append(String.format(Locale.ROOT, format, arguments)).append('\n');
	}

	/**
	 * What one kind of question brought into the model's requests.
	 */
	static final class Asked {

		final List<String> misses = new ArrayList<>();

		final List<Integer> promptTokens = new ArrayList<>();

		final List<Integer> recalledTokens = new ArrayList<>();

		int asked;

		int inPrompt;

		int recalled;

		int recent;

		void add(PlantedFact fact, String question, boolean found, boolean wasRecalled, int tokens, int sectionTokens) {
			this.asked++;
			this.inPrompt += found ? 1 : 0;
			this.recalled += (found && wasRecalled) ? 1 : 0;
			this.recent += (found && !wasRecalled) ? 1 : 0;
			this.promptTokens.add(tokens);
			this.recalledTokens.add(sectionTokens);
			if (!found) {
				this.misses.add("\"" + question + "\" for #" + fact.index() + " \"" + fact.statement() + "\"");
			}
		}

		double inPrompt() {
			return this.inPrompt / (double) this.asked;
		}

		void line(RecallEndToEnd benchmark, String kind) {
			benchmark.line("| %s | **%d / %d (%.0f %%)** | %d | %d | %.0f (%d) | %.0f |", kind, this.inPrompt,
					this.asked, 100 * inPrompt(), this.recalled, this.recent, medianInt(this.promptTokens),
					this.promptTokens.stream().mapToInt(Integer::intValue).max().orElse(0),
					medianInt(this.recalledTokens));
		}

	}

}
