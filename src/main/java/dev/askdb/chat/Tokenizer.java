package dev.askdb.chat;

import java.util.List;
import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

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
	 * every prompt.
	 */
	static final int CACHED_FROM_CHARS = 256;

	/** The most characters of text whose counts are remembered at once. */
	static final long CACHE_CHARS = 4_000_000;

	private final Encoding encoding;

	private final CountCache counts = new CountCache(CACHE_CHARS);

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
		if (text.length() < CACHED_FROM_CHARS) {
			return this.encoding.countTokens(text);
		}
		return this.counts.count(text, this.encoding::countTokens);
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
		EncodingResult result = this.encoding.encode(text, maxTokens);
		if (!result.isTruncated()) {
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
	 * Remembers the token counts of recently counted long texts, bounded by their total
	 * length, so that the history that goes into every prompt of a conversation is
	 * counted once rather than on every question.
	 */
	static final class CountCache {

		private final long maxChars;

		private long chars;

		private final java.util.LinkedHashMap<String, Integer> counts = new java.util.LinkedHashMap<>(256, 0.75f, true);

		CountCache(long maxChars) {
			this.maxChars = maxChars;
		}

		synchronized int count(String text, java.util.function.ToIntFunction<String> counter) {
			Integer known = this.counts.get(text);
			if (known != null) {
				return known;
			}
			int counted = counter.applyAsInt(text);
			if (text.length() <= this.maxChars / 4) {
				this.counts.put(text, counted);
				this.chars += text.length();
				evict();
			}
			return counted;
		}

		synchronized long chars() {
			return this.chars;
		}

		private void evict() {
			var eldest = this.counts.entrySet().iterator();
			while (this.chars > this.maxChars && eldest.hasNext()) {
				this.chars -= eldest.next().getKey().length();
				eldest.remove();
			}
		}

	}

}
