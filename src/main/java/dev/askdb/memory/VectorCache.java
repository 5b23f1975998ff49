package dev.askdb.memory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Per-conversation packed vectors, least recently used evicted first, holding at most a
 * fixed number of bytes in all.
 *
 * <p>
 * The total counts each conversation at the size it had when last accounted for; a
 * conversation that grows is accounted for again before anyone else may be evicted on its
 * behalf, so the total never exceeds the limit once a call returns.
 */
final class VectorCache {

	private final long maxBytes;

	private final LinkedHashMap<Long, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);

	private long bytes;

	VectorCache(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	synchronized @Nullable ConversationVectors get(long conversationId) {
		Slot slot = this.slots.get(conversationId);
		return (slot != null) ? slot.vectors : null;
	}

	/**
	 * Whether a conversation of some size may be cached at all: one conversation may take
	 * a quarter of the cache, so that a few long ones do not keep pushing each other out.
	 * @param bytes the conversation's size in bytes
	 * @return whether it fits
	 */
	boolean admits(long bytes) {
		return bytes <= this.maxBytes / 4;
	}

	/**
	 * Caches a conversation's vectors, evicting the least recently used ones to make
	 * room.
	 * @param conversationId the conversation
	 * @param vectors its vectors
	 */
	synchronized void put(long conversationId, ConversationVectors vectors) {
		remove(conversationId);
		long size = vectors.bytes();
		if (!admits(size)) {
			return;
		}
		this.slots.put(conversationId, new Slot(vectors, size));
		this.bytes += size;
		evictOverflow();
	}

	/**
	 * Adds a vector to a conversation if it is cached, and evicts what no longer fits.
	 * @param conversationId the conversation
	 * @param index the message index
	 * @param vector the vector
	 */
	void append(long conversationId, int index, QuantizedVector vector) {
		ConversationVectors cached = get(conversationId);
		if (cached != null && cached.add(index, vector) > 0) {
			resized(conversationId, cached);
		}
	}

	/**
	 * Accounts for a cached conversation whose size changed, evicting what no longer
	 * fits.
	 * @param conversationId the conversation
	 * @param vectors its vectors
	 */
	synchronized void resized(long conversationId, ConversationVectors vectors) {
		Slot slot = this.slots.get(conversationId);
		if (slot == null || slot.vectors != vectors) {
			return;
		}
		long size = vectors.bytes();
		this.bytes += size - slot.bytes;
		slot.bytes = size;
		if (!admits(size)) {
			remove(conversationId);
		}
		evictOverflow();
	}

	synchronized void remove(long conversationId) {
		Slot removed = this.slots.remove(conversationId);
		if (removed != null) {
			this.bytes -= removed.bytes;
		}
	}

	synchronized long bytes() {
		return this.bytes;
	}

	synchronized int conversations() {
		return this.slots.size();
	}

	private void evictOverflow() {
		Iterator<Map.Entry<Long, Slot>> eldest = this.slots.entrySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			this.bytes -= eldest.next().getValue().bytes;
			eldest.remove();
		}
	}

	/**
	 * A cached conversation and the size it was last accounted at.
	 */
	private static final class Slot {

		private final ConversationVectors vectors;

		private long bytes;

		Slot(ConversationVectors vectors, long bytes) {
			this.vectors = vectors;
			this.bytes = bytes;
		}

	}

}
