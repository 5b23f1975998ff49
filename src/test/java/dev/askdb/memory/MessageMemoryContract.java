package dev.askdb.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message memory against a real metadata store: storing, backfilling, deleting and
 * recalling embeddings; run once per store by its subclasses.
 */
abstract class MessageMemoryContract {

	private static final Duration WAIT = Duration.ofSeconds(30);

	Conversations conversations;

	MessageMemory memory;

	abstract DataSource dataSource();

	@BeforeEach
	void createMemory() {
		this.conversations = new Conversations(dataSource());
		this.memory = TestMemories.hashing(dataSource(), properties(DataSize.ofMegabytes(1), 100));
	}

	@AfterEach
	void stopMemory() {
		this.memory.shutdown();
	}

	@Test
	void storesEmbeddingAfterRemember() {
		long conversation = newConversation();
		long message = this.conversations.addMessage(conversation, 0, "How many orders shipped last week?");

		this.memory.remember(message, conversation, 0, "How many orders shipped last week?");
		this.memory.awaitIdle(WAIT);

		assertThat(this.conversations.embeddings(conversation)).isEqualTo(1);
	}

	@Test
	void recallsMessageRelatedOnlyInMeaning() {
		MessageMemory local = TestMemories.local(dataSource(), properties(DataSize.ofMegabytes(1), 100));
		long conversation = newConversation();
		List<String> talk = List.of("Show me the ten largest customers by revenue.",
				"Here they are: Acme Ltd leads with 1.2M, then Globex with 0.9M.",
				"Good to know: our main warehouse is in Lisbon.", "Noted.",
				"Which products had the most returns in March?", "Returns peaked for blue sneakers, 212 units.",
				"Plot the weekly sign-ups for this year.", "Sign-ups grew steadily, with a dip in August.",
				"What is the average basket size?", "The average basket is 3.4 items.");
		rememberAll(local, conversation, talk);

		List<RecalledMessage> recalled = local.recall(conversation, "Where is our Portuguese depot located?",
				talk.size(), 2);
		local.shutdown();

		assertThat(best(recalled).index()).isEqualTo(2);
	}

	@Test
	void recalledQuestionBringsItsAnswer() {
		long conversation = newConversation();
		rememberAll(this.memory, conversation, List.of("Count the penguins per enclosure.", "Enclosure A holds 41.",
				"List invoices from Tuesday.", "There were 12 invoices."));

		List<RecalledMessage> recalled = this.memory.recall(conversation, "penguins enclosure", 4, 1);

		assertThat(recalled).extracting(RecalledMessage::index).containsExactly(0, 1);
		assertThat(recalled).extracting(RecalledMessage::matched).containsExactly(true, false);
		assertThat(recalled).extracting(RecalledMessage::role).containsExactly("user", "assistant");
	}

	@Test
	void recalledAnswerBringsItsQuestion() {
		long conversation = newConversation();
		rememberAll(this.memory, conversation, List.of("Count the animals per enclosure.",
				"Enclosure A holds 41 penguins.", "List invoices from Tuesday.", "There were 12 invoices."));

		List<RecalledMessage> recalled = this.memory.recall(conversation, "penguins holds", 4, 1);

		assertThat(recalled).extracting(RecalledMessage::index).containsExactly(0, 1);
		assertThat(recalled).extracting(RecalledMessage::matched).containsExactly(false, true);
	}

	@Test
	void recallTakesTheBestTurnsThatFitTheTokenBudget() {
		MemoryProperties defaults = MemoryProperties.defaults();
		// Each turn below costs (10 + 8) + (4 + 8) = 30 tokens by the fixture's counts.
		MessageMemory budgeted = TestMemories.hashing(dataSource(), new MemoryProperties(true, 5, 0.0, 0, 1,
				DataSize.ofMegabytes(1), 100, 1, 200, defaults.backfillInterval(), 2000, false, 65));
		long conversation = newConversation();
		List<String> talk = new ArrayList<>();
		for (int turn = 0; turn < 4; turn++) {
			talk.add("Penguins of enclosure " + (char) ('A' + turn) + " ate herring " + "x".repeat(turn));
			talk.add("Noted, turn " + turn + ".");
		}
		rememberAll(budgeted, conversation, talk);

		List<RecalledMessage> recalled = budgeted.recall(conversation, "penguins enclosure herring", 8, 5);
		budgeted.shutdown();

		assertThat(recalled.stream().mapToInt((message) -> message.tokenCount() + MessageMemory.LABEL_TOKENS).sum())
			.isLessThanOrEqualTo(65);
		assertThat(recalled).hasSize(4);
		assertThat(recalled).filteredOn(RecalledMessage::matched).hasSize(2);
	}

	@Test
	void recallsOnlyMessagesBeforeTheGivenIndex() {
		long conversation = newConversation();
		rememberAll(this.memory, conversation, List.of("Penguins first.", "Fine.", "Penguins again.", "Fine."));

		List<RecalledMessage> recalled = this.memory.recall(conversation, "penguins", 2, 5);

		assertThat(recalled).extracting(RecalledMessage::index).containsExactly(0, 1);
	}

	@Test
	void backfillEmbedsMessagesStoredWithoutEmbedding() {
		long conversation = newConversation();
		for (int index = 0; index < 5; index++) {
			this.conversations.addMessage(conversation, index, "Message number " + index + " about penguins");
		}

		int first = this.memory.backfill(3);
		int second = this.memory.backfill(3);
		int third = this.memory.backfill(3);

		assertThat(List.of(first, second, third)).containsExactly(3, 2, 0);
		assertThat(this.conversations.embeddings(conversation)).isEqualTo(5);
		assertThat(this.memory.recall(conversation, "penguins", 5, 5)).hasSize(5);
	}

	@Test
	void overflowingQueueLeavesMessagesToTheBackfill() {
		MessageMemory tiny = TestMemories.hashing(dataSource(), properties(DataSize.ofMegabytes(1), 1));
		long conversation = newConversation();
		for (int index = 0; index < 30; index++) {
			String content = "Overflow message " + index;
			tiny.remember(this.conversations.addMessage(conversation, index, content), conversation, index, content);
		}
		tiny.awaitIdle(WAIT);

		while (tiny.backfill(10) > 0) {
			// Each round embeds one bounded batch.
		}
		tiny.shutdown();

		assertThat(this.conversations.embeddings(conversation)).isEqualTo(30);
	}

	@Test
	void deletingConversationRemovesItsEmbeddings() {
		long conversation = newConversation();
		rememberAll(this.memory, conversation, List.of("One.", "Two.", "Three."));

		this.conversations.deleteConversation(conversation);

		assertThat(this.conversations.embeddings(conversation)).isZero();
	}

	@Test
	void deletingUserRemovesEmbeddingsOfAllTheirConversations() {
		long database = this.conversations.newDatabase();
		long first = this.conversations.newConversation(database);
		long second = this.conversations.newConversation(database);
		rememberAll(this.memory, first, List.of("One.", "Two."));
		rememberAll(this.memory, second, List.of("Three.", "Four."));

		this.conversations.deleteUser(this.conversations.ownerOf(database));

		assertThat(this.conversations.embeddings(first) + this.conversations.embeddings(second)).isZero();
	}

	@Test
	void recallNeverCrossesIntoAnotherConversationOrUser() {
		long database = this.conversations.newDatabase();
		long mine = this.conversations.newConversation(database);
		long myOther = this.conversations.newConversation(database);
		long theirs = newConversation();
		List<String> secret = List.of("The vault code is penguin seven.", "Stored.");
		List<Long> others = new ArrayList<>();
		others.addAll(rememberAll(this.memory, myOther, secret));
		others.addAll(rememberAll(this.memory, theirs, secret));
		List<Long> own = rememberAll(this.memory, mine, List.of("The vault code changed.", "Indeed."));

		List<RecalledMessage> cold = this.memory.recall(mine, "vault code penguin seven", 2, 5);
		this.memory.recall(theirs, "vault code penguin seven", 2, 5);
		List<RecalledMessage> cached = this.memory.recall(mine, "vault code penguin seven", 2, 5);

		assertThat(cold).isNotEmpty();
		assertThat(cached).isNotEmpty();
		assertThat(cold).extracting(RecalledMessage::messageId)
			.allMatch(own::contains)
			.doesNotContainAnyElementsOf(others);
		assertThat(cached).extracting(RecalledMessage::messageId)
			.allMatch(own::contains)
			.doesNotContainAnyElementsOf(others);
	}

	@Test
	void aQuestionPreparedBeforeItIsStoredIsEmbeddedOnceForItsRecallAndItsMemory() {
		AtomicInteger embedded = new AtomicInteger();
		MessageMemory counting = TestMemories.counting(dataSource(), properties(DataSize.ofMegabytes(1), 100),
				embedded);
		long conversation = newConversation();
		rememberAll(counting, conversation, List.of("Penguins live in enclosure A.", "Noted."));
		int before = embedded.get();
		String question = "Where do the penguins live?";

		counting.prepare(question);
		long stored = this.conversations.addMessage(conversation, 2, question);
		counting.remember(stored, conversation, 2, question);
		List<RecalledMessage> recalled = counting.recall(conversation, question, 2);
		counting.awaitIdle(WAIT);
		counting.shutdown();

		assertThat(recalled).extracting(RecalledMessage::index).contains(0);
		assertThat(embedded.get() - before).isEqualTo(1);
		assertThat(this.conversations.embeddings(conversation)).isEqualTo(3);
	}

	@Test
	void recallSeesMessagesStoredAfterTheConversationWasCached() {
		long conversation = newConversation();
		rememberAll(this.memory, conversation, List.of("Unrelated chatter.", "Indeed."));
		this.memory.recall(conversation, "penguins", 2, 5);
		long remembered = this.conversations.addMessage(conversation, 2, "Penguins live in enclosure A.");
		this.memory.remember(remembered, conversation, 2, "Penguins live in enclosure A.");
		this.memory.awaitIdle(WAIT);
		this.conversations.addMessage(conversation, 3, "Penguins eat herring.");
		this.memory.backfill(10);
		this.conversations.addMessage(conversation, 4, "Question in the prompt already.");

		List<RecalledMessage> recalled = this.memory.recall(conversation, "penguins", 4, 5);

		assertThat(recalled).extracting(RecalledMessage::index).contains(2, 3);
	}

	@Test
	void scansConversationTooLargeToCacheFromTheStore() {
		MessageMemory small = TestMemories.hashing(dataSource(), properties(DataSize.ofKilobytes(16), 100));
		long conversation = newConversation();
		List<String> talk = new ArrayList<>();
		for (int index = 0; index < 60; index++) {
			talk.add((index == 17) ? "The penguins moved to enclosure B." : "Routine message " + index);
		}
		rememberAll(small, conversation, talk);

		List<RecalledMessage> recalled = small.recall(conversation, "penguins enclosure", 60, 1);
		long cachedBytes = small.cache().bytes();
		small.shutdown();

		assertThat(recalled).extracting(RecalledMessage::index).contains(17);
		assertThat(cachedBytes).isZero();
	}

	static MemoryProperties properties(DataSize cacheSize, int queueCapacity) {
		return TestMemories.properties(6, 0.2, cacheSize, queueCapacity);
	}

	private long newConversation() {
		return this.conversations.newConversation(this.conversations.newDatabase());
	}

	private List<Long> rememberAll(MessageMemory target, long conversation, List<String> contents) {
		List<Long> ids = new ArrayList<>();
		for (int index = 0; index < contents.size(); index++) {
			long id = this.conversations.addMessage(conversation, index, contents.get(index));
			target.remember(id, conversation, index, contents.get(index));
			ids.add(id);
		}
		target.awaitIdle(WAIT);
		return ids;
	}

	private static RecalledMessage best(List<RecalledMessage> recalled) {
		return recalled.stream()
			.filter(RecalledMessage::matched)
			.max((a, b) -> Double.compare(a.score(), b.score()))
			.orElseThrow();
	}

}
