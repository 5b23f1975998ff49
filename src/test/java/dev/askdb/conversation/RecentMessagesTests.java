package dev.askdb.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.askdb.chat.ChatRole;
import dev.askdb.chat.HistoryMessage;
import dev.askdb.conversation.RecentMessages.RecentMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentMessagesTests {

	private final FakeStore store = new FakeStore();

	@Test
	void aLaterQuestionReadsOnlyWhatWasNotHeld() {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 5);

		List<RecentMessage> first = recent.before(7, 5, this.store.of(7));
		this.store.add(7, 5, 2);
		recent.stored(7, this.store.message(7, 5));
		recent.stored(7, this.store.message(7, 6));
		List<RecentMessage> second = recent.before(7, 7, this.store.of(7));

		assertThat(first).extracting(RecentMessage::index).containsExactly(4, 3, 2, 1, 0);
		assertThat(second).extracting(RecentMessage::index).containsExactly(6, 5, 4, 3, 2, 1, 0);
		assertThat(second).extracting((message) -> message.message().content())
			.containsExactly("message 6 of 7", "message 5 of 7", "message 4 of 7", "message 3 of 7", "message 2 of 7",
					"message 1 of 7", "message 0 of 7");
		assertThat(this.store.reads).containsExactly("7:[0,5)");
	}

	@Test
	void messagesStoredElsewhereAreReadFromTheStore() {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 5);
		recent.before(7, 5, this.store.of(7));
		this.store.add(7, 5, 3);

		List<RecentMessage> later = recent.before(7, 8, this.store.of(7));

		assertThat(later).extracting(RecentMessage::index).containsExactly(7, 6, 5, 4, 3, 2, 1, 0);
		assertThat(this.store.reads).containsExactly("7:[0,5)", "7:[5,8)");
	}

	@Test
	void holdsAtMostTheHistoryAndTheQuestion() {
		RecentMessages recent = new RecentMessages(3, 1_000_000);
		this.store.add(7, 0, 10);
		recent.before(7, 8, this.store.of(7));
		recent.stored(7, this.store.message(7, 8));
		recent.stored(7, this.store.message(7, 9));

		List<RecentMessage> held = recent.before(7, 10, this.store.of(7));

		assertThat(held).extracting(RecentMessage::index).containsExactly(9, 8, 7);
		assertThat(this.store.reads).containsExactly("7:[5,8)");
		assertThat(recent.bytes()).isEqualTo(4 * RecentMessages.weightOf(this.store.message(7, 9)));
	}

	@Test
	void anIndexHandedOutAgainReplacesWhatWasHeldFromIt() {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 6);
		recent.before(7, 6, this.store.of(7));
		recent.stored(7, this.store.message(7, 4));
		recent.stored(7, this.store.message(7, 5));
		this.store.replace(7, 4, "message 4 written again");
		this.store.remove(7, 5);

		recent.stored(7, this.store.message(7, 4));
		List<RecentMessage> held = recent.before(7, 5, this.store.of(7));

		assertThat(held).extracting(RecentMessage::index).containsExactly(4, 3, 2, 1, 0);
		assertThat(held.get(0).message().content()).isEqualTo("message 4 written again");
		assertThat(this.store.reads).containsExactly("7:[0,6)");
	}

	@Test
	void conversationsAreDroppedLeastRecentlyUsedFirstWithinTheBound() {
		for (long conversation = 1; conversation <= 5; conversation++) {
			this.store.add(conversation, 0, 10);
		}
		long oneConversation = 10 * RecentMessages.weightOf(this.store.message(1, 0));
		long bound = 4 * oneConversation + oneConversation / 2;
		RecentMessages recent = new RecentMessages(200, bound);

		for (long conversation = 1; conversation <= 4; conversation++) {
			recent.before(conversation, 10, this.store.of(conversation));
		}
		recent.before(1, 10, this.store.of(1));
		recent.before(5, 10, this.store.of(5));
		recent.before(1, 10, this.store.of(1));
		recent.before(2, 10, this.store.of(2));

		assertThat(recent.bytes()).isLessThanOrEqualTo(bound);
		assertThat(recent.conversations()).isEqualTo(4);
		assertThat(this.store.reads).containsExactly("1:[0,10)", "2:[0,10)", "3:[0,10)", "4:[0,10)", "5:[0,10)",
				"2:[0,10)");
	}

	@Test
	void aConversationLargerThanAQuarterOfTheBoundIsNotHeld() {
		this.store.add(1, 0, 10);
		RecentMessages recent = new RecentMessages(200, 10 * RecentMessages.weightOf(this.store.message(1, 0)));

		recent.before(1, 10, this.store.of(1));
		recent.before(1, 10, this.store.of(1));

		assertThat(recent.bytes()).isZero();
		assertThat(this.store.reads).containsExactly("1:[0,10)", "1:[0,10)");
	}

	@Test
	void aRunThatOutgrowsAQuarterOfTheBoundWhileCatchingUpIsDroppedWhole() {
		this.store.add(1, 0, 2);
		long message = RecentMessages.weightOf(this.store.message(1, 0));
		RecentMessages recent = new RecentMessages(200, 16 * message);
		recent.before(1, 2, this.store.of(1));
		this.store.add(1, 2, 6);

		List<RecentMessage> later = recent.before(1, 8, this.store.of(1));

		assertThat(later).extracting(RecentMessage::index).containsExactly(7, 6, 5, 4, 3, 2, 1, 0);
		assertThat(recent.conversations()).isZero();
		assertThat(recent.bytes()).isZero();
		assertThat(this.store.reads).containsExactly("1:[0,2)", "1:[2,8)");
	}

	@Test
	void forgottenConversationsAreReadAgain() {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 3);
		recent.before(7, 3, this.store.of(7));

		recent.forget(7);
		recent.before(7, 3, this.store.of(7));

		assertThat(recent.bytes()).isPositive();
		assertThat(this.store.reads).containsExactly("7:[0,3)", "7:[0,3)");
	}

	@Test
	void requestsMissingTheSameConversationAtOnceReadItOnce() throws Exception {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 6);
		HeldRead held = new HeldRead(this.store.of(7));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Both both = missTogether(recent, held, held, threads);

			assertThat(both.first().get(10, TimeUnit.SECONDS)).extracting(RecentMessage::index)
				.containsExactly(5, 4, 3, 2, 1, 0);
			assertThat(both.second().get(10, TimeUnit.SECONDS)).extracting(RecentMessage::index)
				.containsExactly(5, 4, 3, 2, 1, 0);
			assertThat(this.store.reads).containsExactly("7:[0,6)");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aFailedReadLeavesTheWaitingRequestToReadForItself() throws Exception {
		RecentMessages recent = new RecentMessages(200, 1_000_000);
		this.store.add(7, 0, 6);
		HeldRead failing = new HeldRead((from, to) -> {
			throw new IllegalStateException("connection lost");
		});
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Both both = missTogether(recent, failing, this.store.of(7), threads);

			assertThatThrownBy(() -> both.first().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("connection lost");
			assertThat(both.second().get(10, TimeUnit.SECONDS)).extracting(RecentMessage::index)
				.containsExactly(5, 4, 3, 2, 1, 0);
			assertThat(this.store.reads).containsExactly("7:[0,6)");
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Asks for conversation 7's messages before index 6 on two threads: the first reads
	 * through a held store, the second asks while that read is held, and then the read is
	 * let go.
	 */
	private static Both missTogether(RecentMessages recent, HeldRead held, RecentMessages.Store second,
			ExecutorService threads) throws InterruptedException {
		Future<List<RecentMessage>> first = threads.submit(() -> recent.before(7, 6, held));
		assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
		Future<List<RecentMessage>> other = threads.submit(() -> recent.before(7, 6, second));
		// Time for the second request to reach the store if it were going to.
		Thread.sleep(200);
		held.release.countDown();
		return new Both(first, other);
	}

	private record Both(Future<List<RecentMessage>> first, Future<List<RecentMessage>> second) {

	}

	/**
	 * A store whose first read says it has started, then waits to be let go before
	 * answering.
	 */
	private static final class HeldRead implements RecentMessages.Store {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final RecentMessages.Store store;

		HeldRead(RecentMessages.Store store) {
			this.store = store;
		}

		@Override
		public List<RecentMessage> read(int from, int to) {
			if (this.started.getCount() > 0) {
				this.started.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.store.read(from, to);
		}

	}

	@Test
	void nothingIsHeldOfAConversationWithoutEarlierMessages() {
		RecentMessages recent = new RecentMessages(200, 1_000_000);

		assertThat(recent.before(7, 0, this.store.of(7))).isEmpty();
		recent.stored(7, new RecentMessage(HistoryMessage.of(0, ChatRole.USER, "first question"), 3));

		assertThat(recent.conversations()).isZero();
	}

	/**
	 * Messages by conversation and index, recording every range read.
	 */
	private static final class FakeStore {

		private final Map<Long, TreeMap<Integer, String>> contents = new TreeMap<>();

		final List<String> reads = Collections.synchronizedList(new ArrayList<>());

		void add(long conversation, int from, int count) {
			for (int index = from; index < from + count; index++) {
				this.contents.computeIfAbsent(conversation, (key) -> new TreeMap<>())
					.put(index, "message " + index + " of " + conversation);
			}
		}

		void replace(long conversation, int index, String content) {
			this.contents.get(conversation).put(index, content);
		}

		void remove(long conversation, int index) {
			this.contents.get(conversation).remove(index);
		}

		RecentMessage message(long conversation, int index) {
			String content = this.contents.get(conversation).get(index);
			return new RecentMessage(
					HistoryMessage.of(index, (index % 2 == 0) ? ChatRole.USER : ChatRole.ASSISTANT, content),
					content.length() / 4);
		}

		RecentMessages.Store of(long conversation) {
			return (from, to) -> {
				this.reads.add(conversation + ":[" + from + "," + to + ")");
				List<RecentMessage> read = new ArrayList<>();
				this.contents.getOrDefault(conversation, new TreeMap<>())
					.subMap(from, to)
					.keySet()
					.forEach((index) -> read.add(message(conversation, index)));
				return read;
			};
		}

	}

}
