package dev.askdb.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.askdb.chat.HistoryMessage;
import dev.askdb.chat.HistoryQuery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The newest messages of recently active conversations, as the prompt shows them, so that
 * a question reads from the store only the messages stored since the previous one rather
 * than the whole recent history every time.
 *
 * <p>
 * Messages never change once stored and their indexes are dense, so what is held for a
 * conversation is a run of consecutive messages ending at the newest one seen, at most
 * {@code askdb.conversation.history-messages} plus the question being answered. A message
 * stored through this instance is added when it follows the run; one that does not
 * (another instance stored the messages between) is read from the store by the next
 * question. When the store hands out an index the run already holds, the rows at and
 * after it were removed outside askdb, and the run is cut back before the new message.
 * Requests that miss the same conversation at once (a question's history and its recall
 * on another thread) read it once: the later ones wait for the read under way and take
 * what it left held. The heap held is bounded by
 * {@code askdb.conversation.recent-cache-size}, counting two bytes a character and a
 * fixed amount per message; one conversation may take a quarter of it, and the least
 * recently used conversations go first.
 */
@Component
class RecentMessages {

	/** What one held message weighs beyond its characters, in bytes. */
	static final int MESSAGE_OVERHEAD_BYTES = 96;

	private final int capacity;

	private final long maxBytes;

	private final LinkedHashMap<Long, Run> runs = new LinkedHashMap<>(64, 0.75f, true);

	/** The reads from the store under way, one a conversation, for others to wait on. */
	private final Map<Long, CompletableFuture<Void>> reading = new HashMap<>();

	private long bytes;

	@Autowired
	RecentMessages(ConversationProperties properties) {
		this(properties.historyMessages(), properties.recentCacheSize().toBytes());
	}

	RecentMessages(int historyMessages, long maxBytes) {
		this.capacity = historyMessages + 1;
		this.maxBytes = maxBytes;
	}

	/**
	 * The newest messages before an index, newest first, as many as the history may show
	 * at most, reading from the store only what is not held.
	 * @param conversationId the conversation
	 * @param index the question's index; only messages before it are returned
	 * @param store reads a range of the conversation's messages
	 * @return the messages, newest first
	 */
	List<RecentMessage> before(long conversationId, int index, Store store) {
		int from = Math.max(0, index - (this.capacity - 1));
		CompletableFuture<Void> mine = new CompletableFuture<>();
		CompletableFuture<Void> other;
		synchronized (this) {
			List<RecentMessage> held = held(conversationId, from, index);
			if (held != null) {
				return held;
			}
			other = this.reading.putIfAbsent(conversationId, mine);
		}
		if (other != null) {
			// Another request of this conversation is reading its messages; the run it
			// leaves behind most likely holds these too.
			other.exceptionally((ex) -> null).join();
			synchronized (this) {
				List<RecentMessage> held = held(conversationId, from, index);
				if (held != null) {
					return held;
				}
				this.reading.putIfAbsent(conversationId, mine);
			}
		}
		try {
			return read(conversationId, from, index, store);
		}
		finally {
			synchronized (this) {
				this.reading.remove(conversationId, mine);
			}
			mine.complete(null);
		}
	}

	private @Nullable List<RecentMessage> held(long conversationId, int from, int index) {
		Run run = this.runs.get(conversationId);
		return (run != null && run.first() <= from && run.last() >= index - 1) ? run.newestFirst(from, index) : null;
	}

	private List<RecentMessage> read(long conversationId, int from, int index, Store store) {
		int missingFrom;
		synchronized (this) {
			Run run = this.runs.get(conversationId);
			boolean followsRun = run != null && run.first() <= from && run.last() >= from - 1;
			missingFrom = followsRun ? run.last() + 1 : from;
		}

		List<RecentMessage> read = store.read(missingFrom, index);
		synchronized (this) {
			Run run = this.runs.get(conversationId);
			if (run != null && missingFrom > from && run.first() <= from && run.last() == missingFrom - 1
					&& consecutive(read, missingFrom)) {
				hold(conversationId, run, read);
				return run.newestFirst(from, index);
			}
			if (missingFrom == from && consecutive(read, from) && (run == null || run.last() < index - 1)) {
				replace(conversationId, read);
			}
		}
		if (missingFrom == from) {
			return newestFirst(read);
		}
		// The run moved on while the store was read; read the whole range instead.
		return newestFirst(store.read(from, index));
	}

	/**
	 * Takes note of a message just stored (its transaction committed).
	 * @param conversationId its conversation
	 * @param message the message
	 */
	synchronized void stored(long conversationId, RecentMessage message) {
		Run run = this.runs.get(conversationId);
		if (run == null || message.index() > run.last() + 1) {
			return;
		}
		if (message.index() < run.first()) {
			forget(conversationId);
			return;
		}
		this.bytes -= run.cutFrom(message.index());
		hold(conversationId, run, List.of(message));
	}

	/**
	 * Drops what is held of a conversation, for one that was deleted.
	 * @param conversationId the conversation
	 */
	synchronized void forget(long conversationId) {
		Run removed = this.runs.remove(conversationId);
		if (removed != null) {
			this.bytes -= removed.bytes();
		}
	}

	synchronized long bytes() {
		return this.bytes;
	}

	synchronized int conversations() {
		return this.runs.size();
	}

	private void replace(long conversationId, List<RecentMessage> oldestFirst) {
		forget(conversationId);
		if (!oldestFirst.isEmpty()) {
			Run run = new Run();
			this.runs.put(conversationId, run);
			hold(conversationId, run, oldestFirst);
		}
	}

	/**
	 * Adds messages that follow a held run, keeps its newest {@code capacity}, and drops
	 * the run when it outgrows a quarter of the bound, or what else no longer fits.
	 */
	private void hold(long conversationId, Run run, List<RecentMessage> oldestFirst) {
		for (RecentMessage message : oldestFirst) {
			this.bytes += run.add(message);
		}
		this.bytes -= run.trimTo(this.capacity);
		if (run.bytes() > this.maxBytes / 4) {
			forget(conversationId);
		}
		evictOverflow();
	}

	private void evictOverflow() {
		Iterator<Map.Entry<Long, Run>> eldest = this.runs.entrySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			this.bytes -= eldest.next().getValue().bytes();
			eldest.remove();
		}
	}

	private static boolean consecutive(List<RecentMessage> oldestFirst, int from) {
		for (int i = 0; i < oldestFirst.size(); i++) {
			if (oldestFirst.get(i).index() != from + i) {
				return false;
			}
		}
		return true;
	}

	private static List<RecentMessage> newestFirst(List<RecentMessage> oldestFirst) {
		List<RecentMessage> reversed = new ArrayList<>(oldestFirst);
		Collections.reverse(reversed);
		return reversed;
	}

	static long weightOf(RecentMessage message) {
		long chars = message.message().content().length();
		for (HistoryQuery query : message.message().queries()) {
			chars += query.sql().length() + ((query.error() != null) ? query.error().length() : 0);
		}
		return 2 * chars + MESSAGE_OVERHEAD_BYTES;
	}

	/**
	 * Reads messages of one conversation from the store.
	 */
	@FunctionalInterface
	interface Store {

		/**
		 * Reads the messages with indexes from {@code from} up to, not including,
		 * {@code to}.
		 * @param from the first index
		 * @param to the index after the last
		 * @return the messages, oldest first
		 */
		List<RecentMessage> read(int from, int to);

	}

	/**
	 * An earlier message as the prompt shows it, with its stored token count.
	 *
	 * @param message the message
	 * @param tokenCount its content's tokens
	 */
	record RecentMessage(HistoryMessage message, int tokenCount) {

		int index() {
			return this.message.index();
		}

	}

	/**
	 * Consecutive messages of one conversation, oldest first.
	 */
	private static final class Run {

		private final ArrayList<RecentMessage> messages = new ArrayList<>();

		private long bytes;

		int first() {
			return this.messages.isEmpty() ? Integer.MAX_VALUE : this.messages.get(0).index();
		}

		int last() {
			return this.messages.isEmpty() ? Integer.MIN_VALUE + 1
					: this.messages.get(this.messages.size() - 1).index();
		}

		long bytes() {
			return this.bytes;
		}

		long add(RecentMessage message) {
			long weight = weightOf(message);
			this.messages.add(message);
			this.bytes += weight;
			return weight;
		}

		long trimTo(int capacity) {
			long removed = 0;
			int excess = this.messages.size() - capacity;
			if (excess > 0) {
				for (RecentMessage message : this.messages.subList(0, excess)) {
					removed += weightOf(message);
				}
				this.messages.subList(0, excess).clear();
			}
			this.bytes -= removed;
			return removed;
		}

		long cutFrom(int index) {
			long removed = 0;
			int keep = index - first();
			if (keep < this.messages.size()) {
				for (RecentMessage message : this.messages.subList(keep, this.messages.size())) {
					removed += weightOf(message);
				}
				this.messages.subList(keep, this.messages.size()).clear();
			}
			this.bytes -= removed;
			return removed;
		}

		List<RecentMessage> newestFirst(int from, int to) {
			List<RecentMessage> result = new ArrayList<>(Math.max(0, to - from));
			for (int i = this.messages.size() - 1; i >= 0; i--) {
				int index = this.messages.get(i).index();
				if (index < from) {
					break;
				}
				if (index < to) {
					result.add(this.messages.get(i));
				}
			}
			return result;
		}

	}

}
