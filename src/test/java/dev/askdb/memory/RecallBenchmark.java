package dev.askdb.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.askdb.memory.PlantedConversation.PlantedFact;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recall benchmark: how often planted facts come back for later questions (local
 * model), and what a turn costs in a conversation of 10 versus 10,000 messages (fast
 * stand-in model). Not part of the normal suite; see {@code bench/recall/README.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecallBenchmark {

	private static final Duration WAIT = Duration.ofMinutes(10);

	private static final Set<String> STOP_WORDS = Set.of(("the and our are was what which when where who how does did "
			+ "for from with that this these is in of to not only we you they their at on by it its any per all can "
			+ "may should much many more most less least some there then so but into now my me am be been has have "
			+ "had than why whose rather each every do i a an one way note also")
		.split(" "));

	private static final StringBuilder report = new StringBuilder();

	@Test
	@Order(1)
	void meaningQuestionsShareNoContentWordWithTheirFact() {
		PlantedConversation conversation = PlantedConversation.generate(2_000, 42);

		List<String> overlapping = new ArrayList<>();
		for (PlantedFact fact : conversation.facts()) {
			Set<String> shared = stems(fact.statement());
			shared.retainAll(stems(fact.meaningQuestion()));
			if (!shared.isEmpty()) {
				overlapping.add(fact.meaningQuestion() + " " + shared);
			}
		}

		assertThat(overlapping).isEmpty();
	}

	@Test
	@Order(2)
	void recallsPlantedFacts() {
		HikariDataSource dataSource = MemoryStores.sqlite();
		Conversations fixtures = new Conversations(dataSource);
		PlantedConversation planted = PlantedConversation.generate(2_000, 42);
		long conversation = fixtures.newConversation(fixtures.newDatabase());
		List<Long> ids = insertAll(dataSource, conversation, planted.messages());
		MemoryProperties defaults = MemoryProperties.defaults();
		MessageMemory memory = TestMemories.local(dataSource, TestMemories.properties(defaults.topK(),
				defaults.minScore(), defaults.diversity(), defaults.cacheSize(), 4_000));
		memory.warmUp();

		long start = System.nanoTime();
		for (int index = 0; index < ids.size(); index++) {
			memory.remember(ids.get(index), conversation, index, planted.messages().get(index));
		}
		memory.awaitIdle(WAIT);
		double embedSeconds = (System.nanoTime() - start) / 1e9;

		line("## Recall of planted facts (local model all-MiniLM-L6-v2 quantized, SQLite)");
		line("%d messages embedded in %.1f s (%.1f ms each, one thread); %d facts, questions asked before index 1980",
				ids.size(), embedSeconds, embedSeconds * 1000 / ids.size(), planted.facts().size());
		line("");
		line("| scoring | k | min score | diversity | words: recalled | words: matched itself | meaning: recalled | meaning: matched itself |");
		line("|---|---|---|---|---|---|---|---|");
		double wordsAtDefault = 0;
		double meaningAtDefault = 0;
		List<Double> recallMillis = new ArrayList<>();
		for (boolean centred : new boolean[] { false, true }) {
			double minScore = centred ? defaults.minScore() : 0.2;
			for (double diversity : new double[] { 0, defaults.diversity() }) {
				MessageMemory variant = TestMemories.local(dataSource, TestMemories.properties(defaults.topK(),
						minScore, diversity, defaults.cacheSize(), 10, centred));
				for (int k : new int[] { 6, 10, defaults.topK() }) {
					double[] words = score(variant, conversation, planted.facts(), PlantedFact::wordsQuestion, k,
							recallMillis);
					double[] meaning = score(variant, conversation, planted.facts(), PlantedFact::meaningQuestion, k,
							recallMillis);
					line("| %s | %d | %.2f | %.1f | %.0f %% | %.0f %% | %.0f %% | %.0f %% |",
							centred ? "centred cosine" : "plain cosine", k, minScore, diversity, words[0] * 100,
							words[1] * 100, meaning[0] * 100, meaning[1] * 100);
					if (centred && k == defaults.topK() && diversity == defaults.diversity()) {
						wordsAtDefault = words[0];
						meaningAtDefault = meaning[0];
					}
				}
				variant.shutdown();
			}
		}
		List<Double> embedMillis = new ArrayList<>();
		MessageEmbedder embedder = new MessageEmbedder(TestMemories::localModel, "local", 2_000);
		for (PlantedFact fact : planted.facts()) {
			long embedStart = System.nanoTime();
			embedder.embed(fact.meaningQuestion());
			embedMillis.add((System.nanoTime() - embedStart) / 1e6);
		}
		line("");
		line("Recall of one question at 2,000 messages (cached): median %.2f ms, p95 %.2f ms, of which embedding the "
				+ "question alone: median %.2f ms", median(recallMillis), percentile(recallMillis, 95),
				median(embedMillis));
		line("");
		for (int keepOneIn : new int[] { 40, ConversationVectors.SIGN_PASS_KEEPS_ONE_IN }) {
			// One in 40 is the share a fixed 256 candidates would keep of 10,000
			// messages; one
			// in 8 is what the rule keeps of any conversation above 2,048 messages.
			line("%s", sign(dataSource, conversation, planted, embedder, keepOneIn, defaults.topK()));
		}
		line("");
		missed(memory, conversation, planted.facts(), defaults.topK());
		memory.shutdown();
		dataSource.close();

		assertThat(wordsAtDefault).isGreaterThanOrEqualTo(0.9);
		assertThat(meaningAtDefault).isGreaterThanOrEqualTo(0.9);
	}

	@Test
	@Order(3)
	void turnCostsTheSameAtTenAndTenThousandMessagesOnSqlite() {
		assertThat(turnCost("SQLite", MemoryStores.sqlite())).isLessThanOrEqualTo(1.25);
	}

	@Test
	@Order(4)
	void turnCostsTheSameAtTenAndTenThousandMessagesOnPostgres() {
		assertThat(turnCost("PostgreSQL", MemoryStores.postgres())).isLessThanOrEqualTo(1.25);
	}

	@AfterAll
	static void writeReport() throws IOException {
		Path file = Path.of("target", "recall-benchmark.md");
		Files.createDirectories(file.getParent());
		Files.writeString(file, report);
		System.out.println(report);
	}

	private double turnCost(String store, HikariDataSource dataSource) {
		Conversations fixtures = new Conversations(dataSource);
		long database = fixtures.newDatabase();
		long small = fixtures.newConversation(database);
		long large = fixtures.newConversation(database);
		Random random = new Random(7);
		insertAll(dataSource, small, chitChat(random, 10));
		insertAll(dataSource, large, chitChat(random, 10_000));
		MessageMemory memory = TestMemories.hashing(dataSource, MemoryProperties.defaults());
		long start = System.nanoTime();
		while (memory.backfill(1_000) > 0) {
			// One bounded batch per round, as the scheduled backfill does.
		}
		double backfillSeconds = (System.nanoTime() - start) / 1e9;

		Turns smallTurns = new Turns(dataSource, memory, small, 10);
		Turns largeTurns = new Turns(dataSource, memory, large, 10_000);
		runTurns(random, smallTurns, largeTurns);
		MessageMemory local = TestMemories.local(dataSource, MemoryProperties.defaults());
		local.warmUp();
		Turns smallLocalTurns = new Turns(dataSource, local, small, 10);
		Turns largeLocalTurns = new Turns(dataSource, local, large, 10_000);
		runTurns(random, smallLocalTurns, largeLocalTurns);
		local.shutdown();
		long cacheBytes = memory.cache().bytes();
		List<Double> cold = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			memory.forget(large);
			cold.add(largeTurns.recallOnly(random));
		}
		MessageMemory uncached = TestMemories.hashing(dataSource,
				TestMemories.properties(6, 0.3, DataSize.ofMegabytes(1), 100));
		List<Double> streamed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			streamed.add(new Turns(dataSource, uncached, large, 10_000).recallOnly(random));
		}
		memory.shutdown();
		uncached.shutdown();
		dataSource.close();

		double ratio = median(largeLocalTurns.turnMillis) / median(smallLocalTurns.turnMillis);
		line("## Turn cost, %s", store);
		line("A turn here: commit the question, embed it, recall with the last four messages in the prompt, commit the "
				+ "answer, queue both for embedding; no HTTP. Stored vectors come from the stand-in model (the search "
				+ "costs the same whatever the vectors mean).");
		line("Backfill of 10,010 messages in batches of 1,000: %.1f s", backfillSeconds);
		line("");
		line("| conversation | turn median | turn p95 | recall median | recall p95 |");
		line("|---|---|---|---|---|");
		line("| 10 messages | %.2f ms | %.2f ms | %.3f ms | %.3f ms |", median(smallTurns.turnMillis),
				percentile(smallTurns.turnMillis, 95), median(smallTurns.recallMillis),
				percentile(smallTurns.recallMillis, 95));
		line("| 10,000 messages | %.2f ms | %.2f ms | %.3f ms | %.3f ms |", median(largeTurns.turnMillis),
				percentile(largeTurns.turnMillis, 95), median(largeTurns.recallMillis),
				percentile(largeTurns.recallMillis, 95));
		line("| 10 messages, question embedded by the local model | %.2f ms | %.2f ms | %.3f ms | %.3f ms |",
				median(smallLocalTurns.turnMillis), percentile(smallLocalTurns.turnMillis, 95),
				median(smallLocalTurns.recallMillis), percentile(smallLocalTurns.recallMillis, 95));
		line("| 10,000 messages, question embedded by the local model | %.2f ms | %.2f ms | %.3f ms | %.3f ms |",
				median(largeLocalTurns.turnMillis), percentile(largeLocalTurns.turnMillis, 95),
				median(largeLocalTurns.recallMillis), percentile(largeLocalTurns.recallMillis, 95));
		line("");
		line("Ratio of turn medians 10,000 / 10: %.2f with the stand-in model (storage and search only), %.2f with "
				+ "the local model embedding the question (the real request path).",
				median(largeTurns.turnMillis) / median(smallTurns.turnMillis), ratio);
		line("Recall at 10,000 minus recall at 10 (median, stand-in model): %.2f ms.",
				median(largeTurns.recallMillis) - median(smallTurns.recallMillis));
		line("Cache after the runs: %d bytes (%.0f per cached message). Recall at 10,000 with the cache cold (first question after start-up or eviction): median %.1f ms; "
				+ "with a conversation too large to cache, streamed from the store page by page: median %.1f ms.",
				cacheBytes, cacheBytes / 10_010.0, median(cold), median(streamed));
		line("");
		return ratio;
	}

	/**
	 * Compares the sign-bit candidate pass with the exact scan on the real vectors.
	 */
	private static String sign(DataSource dataSource, long conversation, PlantedConversation planted,
			MessageEmbedder embedder, int keepOneIn, int k) {
		ConversationVectors vectors = new ConversationVectors(384, 0, keepOneIn, true);
		EmbeddingStore store = new EmbeddingStore(new JdbcTemplate(dataSource));
		for (int from = 0; from < planted.messages().size(); from += EmbeddingStore.PAGE_SIZE) {
			store.page(conversation, from, from + EmbeddingStore.PAGE_SIZE)
				.forEach((row) -> vectors.add(row.index(), row.vector()));
		}
		int same = 0;
		int found = 0;
		int questions = 0;
		for (PlantedFact fact : planted.facts()) {
			for (String question : List.of(fact.wordsQuestion(), fact.meaningQuestion())) {
				QuantizedVector vector = embedder.embed(question);
				BestMatches exact = new BestMatches(k, -1, 384);
				BestMatches fast = new BestMatches(k, -1, 384);
				vectors.scoreAll(vector, 1_980, exact);
				vectors.score(vector, 1_980, fast);
				Set<Integer> exactIndexes = exact.best()
					.stream()
					.map(BestMatches.Match::index)
					.collect(Collectors.toSet());
				Set<Integer> fastIndexes = fast.best()
					.stream()
					.map(BestMatches.Match::index)
					.collect(Collectors.toSet());
				same += exactIndexes.equals(fastIndexes) ? 1 : 0;
				fastIndexes.retainAll(exactIndexes);
				found += fastIndexes.size();
				questions++;
			}
		}
		return String.format(Locale.ROOT,
				"Sign-bit pass (centred) keeping one in %d of %d vectors: top-%d identical to the exact scan for "
						+ "%.0f %% of questions, %.1f %% of the exact top-%d found.",
				keepOneIn, vectors.size(), k, 100.0 * same / questions, 100.0 * found / (questions * k), k);
	}

	private static void runTurns(Random random, Turns small, Turns large) {
		for (int turn = 0; turn < 40; turn++) {
			small.run(random, false);
			large.run(random, false);
		}
		for (int turn = 0; turn < 150; turn++) {
			small.run(random, true);
			large.run(random, true);
		}
	}

	private static double[] score(MessageMemory memory, long conversation, List<PlantedFact> facts,
			Function<PlantedFact, String> question, int k, List<Double> recallMillis) {
		int recalled = 0;
		int matched = 0;
		for (PlantedFact fact : facts) {
			long start = System.nanoTime();
			List<RecalledMessage> found = memory.recall(conversation, question.apply(fact), 1_980, k);
			recallMillis.add((System.nanoTime() - start) / 1e6);
			recalled += found.stream().anyMatch((message) -> message.index() == fact.index()) ? 1 : 0;
			matched += found.stream().anyMatch((message) -> message.index() == fact.index() && message.matched()) ? 1
					: 0;
		}
		return new double[] { recalled / (double) facts.size(), matched / (double) facts.size() };
	}

	private static void missed(MessageMemory memory, long conversation, List<PlantedFact> facts, int k) {
		line("Missed at k=%d:", k);
		for (PlantedFact fact : facts) {
			for (String question : List.of(fact.wordsQuestion(), fact.meaningQuestion())) {
				List<RecalledMessage> found = memory.recall(conversation, question, 1_980, k);
				if (found.stream().noneMatch((message) -> message.index() == fact.index())) {
					line("- \"%s\" for \"%s\" (got %s)", question, fact.statement(), found.stream()
						.filter(RecalledMessage::matched)
						.map((message) -> String.format(Locale.ROOT, "%d@%.2f", message.index(), message.score()))
						.collect(Collectors.joining(", ")));
				}
			}
		}
		line("");
	}

	private static List<String> chitChat(Random random, int count) {
		List<String> messages = new ArrayList<>(count);
		for (int index = 0; index < count; index++) {
			messages.add(PlantedConversation.chitChat(random, index));
		}
		return messages;
	}

	private static List<Long> insertAll(DataSource dataSource, long conversation, List<String> messages) {
		Conversations fixtures = new Conversations(dataSource);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		List<Long> ids = new ArrayList<>(messages.size());
		transaction.executeWithoutResult((status) -> {
			for (int index = 0; index < messages.size(); index++) {
				ids.add(fixtures.addMessage(conversation, index, messages.get(index)));
			}
		});
		return ids;
	}

	private static Set<String> stems(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
			.filter((word) -> word.length() > 2 && !STOP_WORDS.contains(word))
			.map((word) -> word.length() > 5 ? word.substring(0, 5) : word)
			.collect(Collectors.toCollection(java.util.HashSet::new));
	}

	private static double median(List<Double> values) {
		return percentile(values, 50);
	}

	private static double percentile(List<Double> values, int percent) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
	}

	private static void line(String format, Object... arguments) {
		report.append(String.format(Locale.ROOT, format, arguments)).append('\n');
	}

	/**
	 * Turns in one conversation kept at a fixed length: the two messages a turn stores
	 * are deleted again, outside the timing, after their embeddings are done.
	 */
	private static final class Turns {

		private final JdbcClient jdbc;

		private final Conversations fixtures;

		private final MessageMemory memory;

		private final long conversation;

		private final int length;

		private final List<Double> turnMillis = new ArrayList<>();

		private final List<Double> recallMillis = new ArrayList<>();

		Turns(DataSource dataSource, MessageMemory memory, long conversation, int length) {
			this.jdbc = JdbcClient.create(new JdbcTemplate(dataSource));
			this.fixtures = new Conversations(dataSource);
			this.memory = memory;
			this.conversation = conversation;
			this.length = length;
		}

		/**
		 * Stores a question (one commit), recalls for it with the last four messages in
		 * the prompt, stores the answer (another commit) and hands both to memory.
		 */
		void run(Random random, boolean measured) {
			String question = PlantedConversation.chitChat(random, 0);
			String answer = PlantedConversation.chitChat(random, 1);

			long start = System.nanoTime();
			long questionId = this.fixtures.addMessage(this.conversation, this.length, question);
			this.memory.remember(questionId, this.conversation, this.length, question);
			long recallStart = System.nanoTime();
			this.memory.recall(this.conversation, question, this.length - 4);
			long recallEnd = System.nanoTime();
			long answerId = this.fixtures.addMessage(this.conversation, this.length + 1, answer);
			this.memory.remember(answerId, this.conversation, this.length + 1, answer);
			long end = System.nanoTime();

			if (measured) {
				this.turnMillis.add((end - start) / 1e6);
				this.recallMillis.add((recallEnd - recallStart) / 1e6);
			}
			this.memory.awaitIdle(WAIT);
			this.jdbc.sql("DELETE FROM messages WHERE conversation_id = ? AND message_index >= ?")
				.params(this.conversation, this.length)
				.update();
		}

		double recallOnly(Random random) {
			long start = System.nanoTime();
			this.memory.recall(this.conversation, PlantedConversation.chitChat(random, 0), this.length - 4);
			return (System.nanoTime() - start) / 1e6;
		}

	}

}
