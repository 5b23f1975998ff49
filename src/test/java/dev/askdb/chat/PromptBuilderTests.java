package dev.askdb.chat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.askdb.chat.PromptMessage.Role;

import static dev.askdb.chat.ChatFixtures.FILE;
import static dev.askdb.chat.ChatFixtures.chinook;
import static dev.askdb.chat.ChatFixtures.generated;
import static dev.askdb.chat.ChatFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class PromptBuilderTests {

	private final ChatProperties properties = ChatProperties.defaults("http://localhost");

	private final Tokenizer tokenizer = new Tokenizer("gpt-4o-mini");

	private final PromptBuilder builder = new PromptBuilder(this.tokenizer, this.properties);

	@Test
	void writesSchemaAsCompactDdlInTheSystemMessage() {
		Prompt prompt = this.builder.build(request("How many albums are there?"));

		String system = prompt.messages().get(0).content();
		assertThat(prompt.messages().get(0).role()).isEqualTo(Role.SYSTEM);
		assertThat(system).contains("CREATE TABLE Artist(ArtistId INTEGER PK, Name NVARCHAR(120)) -- 275 rows")
			.contains("CREATE TABLE Album(AlbumId INTEGER PK, Title NVARCHAR(160) NOT NULL, "
					+ "ArtistId INTEGER NOT NULL → Artist.ArtistId) -- 347 rows")
			.contains("Database: Chinook", "A digital music store", "Artists, albums and tracks.")
			.contains("run_sql", "SQLite", "never invent tables or columns", "say so plainly");
		assertThat(prompt.report().tablesInFull()).containsExactly("Artist", "Album");
		assertThat(prompt.report().tablesByName()).isEmpty();
	}

	@Test
	void endsWithTheQuestionAsUserMessage() {
		Prompt prompt = this.builder.build(request("How many albums are there?"));

		PromptMessage last = prompt.messages().get(prompt.messages().size() - 1);
		assertThat(last).isEqualTo(new PromptMessage(Role.USER, "How many albums are there?"));
	}

	@Test
	void putsHistoryInConversationOrderWithQuerySummariesWithoutRows() {
		List<HistoryMessage> newestFirst = List.of(
				new HistoryMessage(1, ChatRole.ASSISTANT, "There are 347 albums.",
						List.of(new HistoryQuery("SELECT COUNT(*) FROM Album", 1, false, null),
								new HistoryQuery("SELECT x FROM Album", 0, false, "no such column: x"))),
				HistoryMessage.of(0, ChatRole.USER, "How many albums?"));

		Prompt prompt = this.builder.build(request(chinook(), newestFirst, "And artists?"));

		List<PromptMessage> messages = prompt.messages();
		assertThat(messages).hasSize(4);
		assertThat(messages.get(1)).isEqualTo(new PromptMessage(Role.USER, "How many albums?"));
		assertThat(messages.get(2).role()).isEqualTo(Role.ASSISTANT);
		assertThat(messages.get(2).content()).startsWith("There are 347 albums.")
			.contains("SELECT COUNT(*) FROM Album → 1 rows", "SELECT x FROM Album → error: no such column: x");
		assertThat(prompt.report().historyIndexes()).containsExactly(0, 1);
		assertThat(prompt.report().historyOmitted()).isZero();
	}

	@Test
	void keepsNewestWholeMessagesAndNotesHowManyWereLeftOut() {
		List<HistoryMessage> newestFirst = longHistory(300, 400);

		Prompt prompt = this.builder.build(request(chinook(), newestFirst, "What next?"));

		PromptReport report = prompt.report();
		assertThat(report.historyIndexes()).isNotEmpty().endsWith(299);
		assertThat(report.historyIndexes()).isSortedAccordingTo(Integer::compare);
		int oldestKept = report.historyIndexes().get(0);
		assertThat(report.historyOmitted()).isEqualTo(oldestKept).isPositive();
		assertThat(prompt.messages()).anyMatch((message) -> message.role() == Role.SYSTEM
				&& message.content().equals(PromptBuilder.omittedNote(oldestKept)));
		assertThat(prompt.messages()).filteredOn((message) -> message.role() != Role.SYSTEM)
			.allMatch((message) -> message.content().equals("What next?") || message.content().endsWith("END"));
		assertThat(report.totalTokens()).isLessThanOrEqualTo(this.properties.promptBudgetTokens());
		assertThat(report.totalTokens()).isEqualTo(countPrompt(prompt));
	}

	@Test
	void leavesOutAMessageTooLongForTheBudgetRatherThanCuttingIt() {
		List<HistoryMessage> newestFirst = List.of(HistoryMessage.of(1, ChatRole.ASSISTANT, "long ".repeat(40000)),
				HistoryMessage.of(0, ChatRole.USER, "first"));

		Prompt prompt = this.builder.build(request(chinook(), newestFirst, "Again?"));

		assertThat(prompt.report().historyIndexes()).isEmpty();
		assertThat(prompt.report().historyOmitted()).isEqualTo(2);
		assertThat(prompt.report().totalTokens()).isLessThanOrEqualTo(this.properties.promptBudgetTokens());
	}

	@Test
	void staysWithinBudgetWithBigSchemaLongHistoryAndLongQuestion() {
		String question = "Which rows of table_700 have the largest amount? " + "please ".repeat(20000);
		ChatRequest request = new ChatRequest(FILE, "Big", "description ".repeat(5000), "summary ".repeat(5000),
				generated(1500), longHistory(300, 500), recalled(50, 300), question);

		Prompt prompt = this.builder.build(request);

		PromptReport report = prompt.report();
		assertThat(report.totalTokens()).isLessThanOrEqualTo(this.properties.promptBudgetTokens());
		assertThat(report.totalTokens()).isEqualTo(countPrompt(prompt));
		assertThat(report.schemaTokens()).isLessThanOrEqualTo((int) (this.properties.promptBudgetTokens() * 0.4));
		assertThat(report.recalledTokens()).isLessThanOrEqualTo((int) (this.properties.promptBudgetTokens() * 0.1));
		assertThat(report.historyIndexes()).isNotEmpty();
		assertThat(report.recalledIndexes()).isNotEmpty();
	}

	@Test
	void keepsTablesNamedInTheQuestionAndTheirNeighboursWhenTheSchemaIsTooBig() {
		ChatRequest request = request(generated(1500), List.of(), "What is the total amount in table_700?");

		Prompt prompt = this.builder.build(request);

		String system = prompt.messages().get(0).content();
		assertThat(prompt.report().tablesInFull()).contains("table_700", "table_699", "table_701");
		assertThat(prompt.report().tablesByName()).isNotEmpty().doesNotContain("table_700");
		assertThat(system).contains("CREATE TABLE table_700(id INTEGER PK, parent_id INTEGER → table_699.id")
			.contains(SchemaRenderer.NAMES_HEADER);
		assertThat(prompt.report().tablesInFull().size() + prompt.report().tablesByName().size()).isEqualTo(1500);
	}

	@Test
	void placesRecalledMessagesInConversationOrderMarkedAsEarlierContext() {
		List<RecalledMessage> recalled = List.of(new RecalledMessage(7, ChatRole.ASSISTANT, "Rock has 1297 tracks."),
				new RecalledMessage(3, ChatRole.USER, "Which genres exist?"),
				new RecalledMessage(41, ChatRole.USER, "Already in history"));
		List<HistoryMessage> history = List.of(HistoryMessage.of(41, ChatRole.USER, "Already in history"));
		ChatRequest request = new ChatRequest(FILE, "Chinook", null, null, chinook(), history, recalled, "And jazz?");

		Prompt prompt = this.builder.build(request);

		PromptMessage recall = prompt.messages().get(1);
		assertThat(recall.role()).isEqualTo(Role.SYSTEM);
		assertThat(recall.content()).startsWith("Earlier messages of this conversation, recalled")
			.contains("[#3 user] Which genres exist?\n[#7 assistant] Rock has 1297 tracks.")
			.doesNotContain("#41");
		assertThat(prompt.report().recalledIndexes()).containsExactly(3, 7);
		assertThat(prompt.messages().get(2).content()).startsWith(PromptBuilder.omittedNote(41).substring(0, 4));
	}

	private int countPrompt(Prompt prompt) {
		return this.tokenizer.count(SqlTool.definitionText())
				+ this.tokenizer.countPrompt(prompt.messages().stream().map(PromptMessage::content).toList());
	}

	private static List<HistoryMessage> longHistory(int count, int wordsEach) {
		List<HistoryMessage> newestFirst = new ArrayList<>();
		for (int index = count - 1; index >= 0; index--) {
			ChatRole role = (index % 2 == 0) ? ChatRole.USER : ChatRole.ASSISTANT;
			newestFirst.add(HistoryMessage.of(index, role, ("message " + index + " ").repeat(wordsEach) + "END"));
		}
		return newestFirst;
	}

	private static List<RecalledMessage> recalled(int count, int wordsEach) {
		List<RecalledMessage> recalled = new ArrayList<>();
		for (int index = 0; index < count; index++) {
			recalled.add(new RecalledMessage(index, ChatRole.USER, ("recalled " + index + " ").repeat(wordsEach)));
		}
		return recalled;
	}

}
