package dev.askdb.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts and cuts text in the configured model's tokens; the one tokenizer of askdb.
 */
@Component
public class Tokenizer {

	/** Tokens every chat message costs beyond its content (role and separators). */
	static final int MESSAGE_OVERHEAD = 3;

	/** Tokens that prime the model's reply after the last message. */
	static final int REPLY_PRIMING = 3;

	private static final List<String> O200K_FAMILIES = List.of("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3",
			"o4", "chatgpt-4o");

	/**
	 * Texts at least this long have their counts remembered: history messages recur in
	 * every prompt of their conversation, and a lookup costs less than counting from this
	 * length on.
	 */
	static final int CACHED_FROM_CHARS = 32;

	/**
	 * The most the remembered counts may weigh in all: their texts' characters plus
	 * {@link #ENTRY_WEIGHT} each, about 8 MB of heap at most.
	 */
	static final long CACHE_WEIGHT = 4_000_000;

	/** What one remembered count weighs beyond its text's characters. */
	static final int ENTRY_WEIGHT = 64;

	private final Encoding encoding;

	private final CountCache counts = new CountCache(CACHE_WEIGHT);

	@Autowired
	public Tokenizer(ChatProperties properties) {
		this(properties.model());
	}

	Tokenizer(String model) {
		this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(encodingFor(model));
	}

	static EncodingType encodingFor(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		boolean o200k = O200K_FAMILIES.stream().anyMatch(name::startsWith);
		return o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
	}

	/**
	 * Counts the tokens of a text.
	 * @param text the text
	 * @return its token count
	 */
	public int count(String text) {
		Integer known = this.counts.get(text);
		if (known != null) {
			return known;
		}
		int counted = this.encoding.countTokens(text);
		this.counts.put(text, counted);
		return counted;
	}

	/**
	 * Counts what one chat message costs in a prompt, its per-message overhead included.
	 * @param content the message's content
	 * @return its token count in a prompt
	 */
	public int countMessage(String content) {
		return MESSAGE_OVERHEAD + count(content);
	}

	/**
	 * Counts what a whole prompt costs, reply priming included.
	 * @param contents the contents of the prompt's messages
	 * @return the prompt's token count
	 */
	public int countPrompt(List<String> contents) {
		return REPLY_PRIMING + contents.stream().mapToInt(this::countMessage).sum();
	}

	/**
	 * Cuts a text to at most a number of tokens.
	 * @param text the text
	 * @param maxTokens the most tokens to keep
	 * @return the text itself when it fits, else its longest prefix that does
	 */
	public String truncate(String text, int maxTokens) {
		if (maxTokens <= 0) {
			return "";
		}
		Integer known = this.counts.get(text);
		if (known != null && known <= maxTokens) {
			return text;
		}
		EncodingResult result = this.encoding.encode(text, maxTokens);
		if (!result.isTruncated()) {
			this.counts.put(text, result.getTokens().size());
			return text;
		}
		return this.encoding.decode(result.getTokens());
	}

	/**
	 * Names the encoding in use.
	 * @return for example {@code o200k_base}
	 */
	public String encodingName() {
		return this.encoding.getName();
	}

	/**
	 * Remembers the token counts of recently counted texts, least recently used dropped
	 * first, bounded by their total weight (characters plus a fixed amount each), so that
	 * the history that goes into every prompt of a conversation is counted once rather
	 * than on every question.
	 */
	static final class CountCache {

		private final long maxWeight;

		private long weight;

		private final LinkedHashMap<String, Integer> counts = new LinkedHashMap<>(256, 0.75f, true);

		CountCache(long maxWeight) {
			this.maxWeight = maxWeight;
		}

		/**
		 * The remembered count of a text; never one shorter than
		 * {@link Tokenizer#CACHED_FROM_CHARS}, which costs less to count than to look up.
		 */
		@Nullable Integer get(String text) {
			if (text.length() < CACHED_FROM_CHARS) {
				return null;
			}
			synchronized (this) {
				return this.counts.get(text);
			}
		}

		synchronized void put(String text, int count) {
			long added = weightOf(text);
			if (text.length() < CACHED_FROM_CHARS || added > this.maxWeight / 4) {
				return;
			}
			if (this.counts.put(text, count) == null) {
				this.weight += added;
			}
			Iterator<Map.Entry<String, Integer>> eldest = this.counts.entrySet().iterator();
			while (this.weight > this.maxWeight && eldest.hasNext()) {
				this.weight -= weightOf(eldest.next().getKey());
				eldest.remove();
			}
		}

		synchronized long weight() {
			return this.weight;
		}

		synchronized int size() {
			return this.counts.size();
		}

		private static long weightOf(String text) {
			return text.length() + ENTRY_WEIGHT;
		}

	}

}
