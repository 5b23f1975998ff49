package dev.askdb.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.memory.BestMatches.Match;
import dev.askdb.memory.EmbeddingStore.EmbeddedMessage;
import dev.askdb.memory.EmbeddingStore.IndexedVector;
import dev.askdb.memory.EmbeddingStore.PendingMessage;
import dev.askdb.memory.EmbeddingStore.StoredMessage;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Remembers every stored message as an embedding and recalls the earlier messages of a
 * conversation whose meaning is closest to a new question.
 *
 * <p>
 * Embedding happens off the request path, on a small bounded pool; a message that cannot
 * be queued, or whose embedding fails to be stored, is left to the backfill, which finds
 * messages without a vector in bounded batches. Recall scores one conversation's
 * int8-quantized vectors from a byte-bounded cache of packed per-conversation arrays (all
 * of them in a short conversation; in a long one, those that the sign bits put closest)
 * or, for a conversation too large to cache, all of them page by page from the store
 * while keeping only the best candidates; either way no request holds more than one page
 * of a conversation that is not cached. Scores are cosines after centring the question
 * and the messages on the conversation's mean (see {@link CentredQuestion}). The final
 * matches are picked from the candidates with a penalty for repeating each other, and
 * returned best first with their neighbours while they fit the recall's token budget.
 */
public class MessageMemory {

	private static final Logger logger = LoggerFactory.getLogger(MessageMemory.class);

	/**
	 * How many candidates per wanted match the scan keeps for the diverse pick.
	 */
	static final int CANDIDATES_PER_MATCH = 4;

	/**
	 * The tokens a recalled message costs in the prompt beyond its own: its label and
	 * separators.
	 */
	static final int LABEL_TOKENS = 8;

	private final MemoryProperties properties;

	private final MessageEmbedder embedder;

	private final EmbeddingStore store;

	private final TransactionOperations transactions;

	private final VectorCache cache;

	private final ThreadPoolExecutor embeddings;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicBoolean warnedFull = new AtomicBoolean();

	private final AtomicLong backfillFrom = new AtomicLong();

	MessageMemory(MemoryProperties properties, MessageEmbedder embedder, EmbeddingStore store,
			TransactionOperations transactions) {
		this.properties = properties;
		this.embedder = embedder;
		this.store = store;
		this.transactions = transactions;
		this.cache = new VectorCache(properties.cacheSize().toBytes());
		this.embeddings = newEmbeddingPool(properties);
	}

	/**
	 * Queues a stored message for embedding and returns at once; call it after the
	 * transaction that stored the message has committed.
	 * @param messageId the stored message's id
	 * @param conversationId its conversation
	 * @param index its index in the conversation
	 * @param content its text
	 */
	public void remember(long messageId, long conversationId, int index, String content) {
		if (!this.properties.enabled()) {
			return;
		}
		String head = (content.length() > this.embedder.maxChars()) ? content.substring(0, this.embedder.maxChars())
				: content;
		PendingMessage message = new PendingMessage(messageId, conversationId, index, head);
		if (!submit(() -> embedQuietly(message))) {
			leaveToBackfill(messageId);
			if (this.warnedFull.compareAndSet(false, true)) {
				logger.warn(
						"Embedding queue is full ({} messages); message {} and later overflow wait for the backfill",
						this.properties.queueCapacity(), messageId);
			}
		}
	}

	/**
	 * Starts embedding a question that is about to be stored, on the background pool, so
	 * that the vector is ready or under way by the time the recall for it and the
	 * remembering of it ask for it (see {@link MessageEmbedder}); the embedding then
	 * overlaps with storing the question and reading the conversation. Does nothing when
	 * the pool is full: the recall embeds the question itself.
	 * @param question the question's text
	 */
	public void prepare(String question) {
		if (!this.properties.enabled() || question.isBlank()) {
			return;
		}
		submit(() -> {
			try {
				this.embedder.embed(question);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not embed a question ahead of its recall", ex);
			}
		});
	}

	/**
	 * Runs a task on the embedding pool, counted as pending until it ends.
	 * @return whether the pool took it; {@code false} when its queue is full
	 */
	private boolean submit(Runnable task) {
		this.pending.incrementAndGet();
		try {
			this.embeddings.execute(() -> {
				try {
					task.run();
				}
				finally {
					this.pending.decrementAndGet();
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.pending.decrementAndGet();
			return false;
		}
	}

	/**
	 * Recalls the earlier messages of one conversation closest in meaning to a question,
	 * with the default number of matches.
	 * @param conversationId the conversation; no other conversation's message is returned
	 * @param question the new question
	 * @param beforeIndex the lowest message index already in the prompt; only messages
	 * below it are recalled
	 * @return the recalled messages in conversation order
	 * @see #recall(long, String, int, int)
	 */
	public List<RecalledMessage> recall(long conversationId, String question, int beforeIndex) {
		return recall(conversationId, question, beforeIndex, this.properties.topK());
	}

	/**
	 * Recalls the earlier messages of one conversation closest in meaning to a question:
	 * up to {@code limit} matches scoring at least the minimum score, each with the rest
	 * of its turn (a question brings its answer, an answer its question) when that is
	 * below {@code beforeIndex} too, taken best first while their stored token counts fit
	 * {@code askdb.memory.recall-tokens}.
	 * @param conversationId the conversation; no other conversation's message is returned
	 * @param question the new question
	 * @param beforeIndex the lowest message index already in the prompt; only messages
	 * below it are recalled
	 * @param limit the most matches, not counting the neighbours they bring
	 * @return the recalled messages in conversation order, each once
	 */
	public List<RecalledMessage> recall(long conversationId, String question, int beforeIndex, int limit) {
		if (!this.properties.enabled() || beforeIndex <= 0 || limit <= 0 || question.isBlank()) {
			return List.of();
		}
		long start = System.nanoTime();
		QuantizedVector vector = this.embedder.embed(question);
		long embedded = System.nanoTime();

		BestMatches candidates = new BestMatches(limit * CANDIDATES_PER_MATCH, this.properties.minScore(),
				vector.dimension());
		scan(conversationId, vector, beforeIndex, candidates);
		List<Match> matches = candidates.pick(limit, this.properties.diversity());
		long scanned = System.nanoTime();

		List<RecalledMessage> recalled = withNeighbours(conversationId, matches, beforeIndex);
		if (logger.isDebugEnabled()) {
			logger.debug("Recalled {} messages of conversation {} before index {} in {} ms (embed {} ms, scan {} ms)",
					recalled.size(), conversationId, beforeIndex, millis(start, System.nanoTime()),
					millis(start, embedded), millis(embedded, scanned));
		}
		return recalled;
	}

	/**
	 * Embeds one batch of messages that have no vector yet, oldest first, and stores the
	 * vectors in one transaction.
	 * @param batch the most messages to embed
	 * @return how many messages were embedded; fewer than {@code batch} when none are
	 * left
	 */
	public int backfill(int batch) {
		if (!this.properties.enabled() || batch <= 0) {
			return 0;
		}
		long from = this.backfillFrom.get();
		long highest = this.store.highestMessageId();
		List<PendingMessage> missing = this.store.missing(from, batch, this.embedder.maxChars());

		long start = System.nanoTime();
		List<EmbeddedMessage> embedded = new ArrayList<>(missing.size());
		for (PendingMessage message : missing) {
			embedded.add(new EmbeddedMessage(message, embedSafely(message)));
		}
		Integer written = this.transactions
			.execute((status) -> this.store.saveAll(embedded, this.embedder.modelName()));
		for (EmbeddedMessage message : embedded) {
			this.cache.append(message.message().conversationId(), message.message().index(), message.vector());
		}

		long next = (missing.size() < batch) ? highest + 1 : missing.get(missing.size() - 1).messageId() + 1;
		this.backfillFrom.compareAndSet(from, next);
		if (!missing.isEmpty()) {
			logger.info("Backfilled embeddings of {} messages ({} stored) in {} ms", missing.size(), written,
					millis(start, System.nanoTime()));
		}
		return missing.size();
	}

	/**
	 * Drops a conversation's cached vectors, for a conversation that was deleted or
	 * rewritten.
	 * @param conversationId the conversation
	 */
	public void forget(long conversationId) {
		this.cache.remove(conversationId);
	}

	/**
	 * Waits until every message handed to {@link #remember} so far has been embedded or
	 * left to the backfill; for tests and orderly shutdown.
	 * @param timeout how long to wait at most
	 * @return whether the queue drained in time
	 */
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.pending.get() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Loads the embedding model now rather than on the first message or question.
	 */
	void warmUp() {
		if (this.properties.enabled()) {
			this.embedder.warmUp();
		}
	}

	MemoryProperties properties() {
		return this.properties;
	}

	String modelName() {
		return this.embedder.modelName();
	}

	VectorCache cache() {
		return this.cache;
	}

	void shutdown() {
		this.embeddings.shutdownNow();
	}

	private void scan(long conversationId, QuantizedVector question, int beforeIndex, BestMatches matches) {
		ConversationVectors cached = this.cache.get(conversationId);
		if (cached != null && cached.dimension() == question.dimension()) {
			if (catchUp(conversationId, cached, beforeIndex)) {
				this.cache.resized(conversationId, cached);
			}
			cached.score(question, beforeIndex, matches);
			return;
		}
		loadAndScan(conversationId, question, beforeIndex, matches);
	}

	/**
	 * Adds the vectors stored since a cached conversation was read: normally the few of
	 * the last turns, since the first missing index moves up as vectors arrive.
	 */
	private boolean catchUp(long conversationId, ConversationVectors cached, int beforeIndex) {
		boolean grew = false;
		int from = cached.firstMissingIndex();
		while (from < beforeIndex) {
			List<IndexedVector> page = this.store.page(conversationId, from, beforeIndex);
			for (IndexedVector row : page) {
				grew |= cached.add(row.index(), row.vector()) > 0;
			}
			if (page.size() < EmbeddingStore.PAGE_SIZE) {
				break;
			}
			from = page.get(page.size() - 1).index() + 1;
		}
		return grew;
	}

	/**
	 * Reads a conversation's vectors page by page, packing them for the cache while they
	 * fit, then scores them from the packed arrays; a conversation too large to cache is
	 * read a second time, page by page, and scored against the mean found by the first
	 * pass, so that no request holds more than one page of it.
	 */
	private void loadAndScan(long conversationId, QuantizedVector question, int beforeIndex, BestMatches matches) {
		int dimension = question.dimension();
		ConversationVectors loading = new ConversationVectors(dimension, this.properties.centred());
		double[] sum = new double[dimension];
		int counted = 0;
		int rows = 0;
		int from = 0;
		while (from < beforeIndex) {
			List<IndexedVector> page = this.store.page(conversationId, from, beforeIndex);
			for (IndexedVector row : page) {
				if (row.vector().dimension() == dimension && CentredQuestion.addTo(sum, row.vector())) {
					counted++;
				}
			}
			rows += page.size();
			if (loading != null && this.cache.admits(ConversationVectors.bytesFor(rows, dimension))) {
				loading.addAll(page);
			}
			else {
				loading = null;
			}
			if (page.size() < EmbeddingStore.PAGE_SIZE) {
				break;
			}
			from = page.get(page.size() - 1).index() + 1;
		}

		if (loading != null) {
			this.cache.put(conversationId, loading);
			loading.score(question, beforeIndex, matches);
			return;
		}
		logger.debug("Conversation {} has {} vectors, too many to cache; scanning them from the store", conversationId,
				rows);
		CentredQuestion prepared = this.properties.centred() ? CentredQuestion.of(question, sum, counted)
				: CentredQuestion.plain(question);
		from = 0;
		while (from < beforeIndex) {
			List<IndexedVector> page = this.store.page(conversationId, from, beforeIndex);
			for (IndexedVector row : page) {
				if (row.vector().dimension() == dimension) {
					matches.offer(row.index(), prepared.score(row.vector()), row.vector().values(), 0,
							row.vector().scale());
				}
			}
			if (page.size() < EmbeddingStore.PAGE_SIZE) {
				break;
			}
			from = page.get(page.size() - 1).index() + 1;
		}
	}

	private List<RecalledMessage> withNeighbours(long conversationId, List<Match> best, int beforeIndex) {
		if (best.isEmpty()) {
			return List.of();
		}
		int reach = Math.max(0, this.properties.neighbours());
		TreeSet<Integer> wanted = new TreeSet<>();
		for (Match match : best) {
			for (int index = Math.max(0, match.index() - reach); index <= match.index() + reach
					&& index < beforeIndex; index++) {
				wanted.add(index);
			}
		}
		Map<Integer, StoredMessage> stored = new TreeMap<>();
		this.store.messages(conversationId, wanted).forEach((message) -> stored.put(message.index(), message));

		Map<Integer, RecalledMessage> recalled = new TreeMap<>();
		int tokensLeft = this.properties.recallTokens();
		for (Match match : best) {
			StoredMessage message = stored.get(match.index());
			if (message == null) {
				continue;
			}
			List<StoredMessage> turn = new ArrayList<>();
			turn.add(message);
			int step = "user".equals(message.role()) ? 1 : -1;
			for (int distance = 1; distance <= reach; distance++) {
				StoredMessage neighbour = stored.get(match.index() + step * distance);
				if (neighbour == null || neighbour.role().equals(message.role())) {
					break;
				}
				turn.add(neighbour);
			}
			int cost = 0;
			for (StoredMessage part : turn) {
				cost += recalled.containsKey(part.index()) ? 0 : part.tokenCount() + LABEL_TOKENS;
			}
			if (cost > tokensLeft) {
				continue;
			}
			tokensLeft -= cost;
			recalled.put(match.index(), recalledOf(message, match.score(), true));
			for (StoredMessage neighbour : turn.subList(1, turn.size())) {
				recalled.putIfAbsent(neighbour.index(), recalledOf(neighbour, match.score(), false));
			}
		}
		return List.copyOf(recalled.values());
	}

	private static RecalledMessage recalledOf(StoredMessage message, double score, boolean matched) {
		return new RecalledMessage(message.id(), message.index(), message.role(), message.content(),
				message.tokenCount(), score, matched);
	}

	private void embedQuietly(PendingMessage message) {
		try {
			long start = System.nanoTime();
			QuantizedVector vector = embedSafely(message);
			if (this.store.save(message.messageId(), message.conversationId(), this.embedder.modelName(), vector)) {
				this.cache.append(message.conversationId(), message.index(), vector);
			}
			logger.debug("Embedded message {} of conversation {} in {} ms", message.messageId(),
					message.conversationId(), millis(start, System.nanoTime()));
		}
		catch (RuntimeException ex) {
			leaveToBackfill(message.messageId());
			logger.warn("Could not store the embedding of message {}; the backfill will retry", message.messageId(),
					ex);
		}
	}

	/**
	 * Embeds a message, storing a zero vector (which matches nothing) when the model
	 * fails on it, so that one bad message is not retried forever.
	 */
	private QuantizedVector embedSafely(PendingMessage message) {
		this.embedder.warmUp();
		try {
			return this.embedder.embed(message.content());
		}
		catch (RuntimeException ex) {
			logger.warn("Embedding model failed on message {}; it will not be recalled", message.messageId(), ex);
			return this.embedder.zero();
		}
	}

	private void leaveToBackfill(long messageId) {
		this.backfillFrom.accumulateAndGet(messageId, Math::min);
	}

	private static ThreadPoolExecutor newEmbeddingPool(MemoryProperties properties) {
		int threads = Math.max(1, properties.threads());
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(Math.max(1, properties.queueCapacity())), (task) -> {
					Thread thread = new Thread(task, "memory-embed-" + count.incrementAndGet());
					thread.setDaemon(true);
					thread.setPriority(Thread.NORM_PRIORITY - 1);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static long millis(long fromNanos, long toNanos) {
		return (toNanos - fromNanos) / 1_000_000;
	}

}
