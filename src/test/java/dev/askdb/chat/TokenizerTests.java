package dev.askdb.chat;

import java.util.List;

import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTests {

	private final Tokenizer tokenizer = new Tokenizer("gpt-4o-mini");

	@Test
	void usesO200kForGpt4oFamilyAndCl100kOtherwise() {
		assertThat(Tokenizer.encodingFor("gpt-4o-mini")).isEqualTo(EncodingType.O200K_BASE);
		assertThat(Tokenizer.encodingFor("gpt-4.1-nano")).isEqualTo(EncodingType.O200K_BASE);
		assertThat(Tokenizer.encodingFor("o3-mini")).isEqualTo(EncodingType.O200K_BASE);
		assertThat(Tokenizer.encodingFor("gpt-4-turbo")).isEqualTo(EncodingType.CL100K_BASE);
		assertThat(Tokenizer.encodingFor("gpt-3.5-turbo")).isEqualTo(EncodingType.CL100K_BASE);
	}

	@Test
	void countsTokensOfText() {
		int count = this.tokenizer.count("How many albums does each artist have?");

		assertThat(count).isBetween(7, 10);
		assertThat(this.tokenizer.count("")).isZero();
	}

	@Test
	void countsMessageOverheadAndReplyPriming() {
		String content = "hello world";

		int message = this.tokenizer.countMessage(content);
		int prompt = this.tokenizer.countPrompt(List.of(content, content));

		assertThat(message).isEqualTo(this.tokenizer.count(content) + 3);
		assertThat(prompt).isEqualTo(2 * message + 3);
	}

	@Test
	void truncatesToAtMostTheGivenTokens() {
		String text = "word ".repeat(5000);

		String cut = this.tokenizer.truncate(text, 100);

		assertThat(this.tokenizer.count(cut)).isLessThanOrEqualTo(100);
		assertThat(text).startsWith(cut);
		assertThat(cut.length()).isGreaterThan(300);
	}

	@Test
	void keepsTextThatFitsAndEmptiesForNoRoom() {
		String text = "SELECT COUNT(*) FROM Album";

		assertThat(this.tokenizer.truncate(text, 1000)).isSameAs(text);
		assertThat(this.tokenizer.truncate(text, 0)).isEmpty();
	}

	@Test
	void remembersCountsWithinABoundOfWeightDroppingTheLeastRecentlyUsed() {
		Tokenizer.CountCache cache = new Tokenizer.CountCache(1_000);
		String text = "a history message that recurs in every prompt ".repeat(3);

		cache.put(text, 27);
		cache.put("kept " + text, 28);
		for (int i = 0; i < 20; i++) {
			cache.get("kept " + text);
			cache.put(i + text, i);
		}

		assertThat(cache.weight()).isLessThanOrEqualTo(1_000);
		assertThat(cache.get(text)).isNull();
		assertThat(cache.get("kept " + text)).isEqualTo(28);
		assertThat(cache.get(19 + text)).isEqualTo(19);
		assertThat(cache.size()).isBetween(2, 4);
	}

	@Test
	void refusesToRememberATextHeavierThanAQuarterOfTheBound() {
		Tokenizer.CountCache cache = new Tokenizer.CountCache(1_000);

		cache.put("x".repeat(300), 38);

		assertThat(cache.get("x".repeat(300))).isNull();
		assertThat(cache.weight()).isZero();
	}

	@Test
	void cutsTextWhoseCountIsRememberedAndKeepsTextThatFits() {
		String text = "Rock sold ahead of jazz in every quarter, with pop close behind. ".repeat(20);
		int tokens = this.tokenizer.count(text);

		assertThat(this.tokenizer.truncate(text, tokens)).isSameAs(text);
		assertThat(this.tokenizer.count(this.tokenizer.truncate(text, tokens - 10))).isLessThanOrEqualTo(tokens - 10);
		assertThat(this.tokenizer.truncate(text, tokens - 10)).isNotEqualTo(text);
	}

	@Test
	void countsLongTextsAlikeWhetherRememberedOrNot() {
		String text = "Rock sold ahead of jazz in every quarter, with pop close behind. ".repeat(20);

		int first = this.tokenizer.count(text);
		int again = this.tokenizer.count(text);

		assertThat(again).isEqualTo(first).isEqualTo(new Tokenizer("gpt-4o-mini").count(text));
		assertThat(first).isGreaterThan(200);
	}

}
