package dev.askdb.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into SQLite's tokens, honouring string literals, the three quoted
 * identifier forms and both comment styles, so that statement boundaries and keywords are
 * found where SQLite would find them.
 */
final class SqlTokenizer {

	private final String sql;

	private final List<SqlToken> tokens = new ArrayList<>();

	private int position;

	private SqlTokenizer(String sql) {
		this.sql = sql;
	}

	/**
	 * Tokenizes SQL text; comments and whitespace are dropped.
	 * @param sql the text
	 * @return the tokens in order
	 */
	static List<SqlToken> tokenize(String sql) {
		SqlTokenizer tokenizer = new SqlTokenizer(sql);
		tokenizer.run();
		return tokenizer.tokens;
	}

	private void run() {
		while (this.position < this.sql.length()) {
			char current = this.sql.charAt(this.position);
			if (Character.isWhitespace(current)) {
				this.position++;
			}
			else if (startsWith("--")) {
				skipTo("\n", 0);
			}
			else if (startsWith("/*")) {
				skipTo("*/", 2);
			}
			else {
				readToken(current);
			}
		}
	}

	private void readToken(char current) {
		int start = this.position;
		switch (current) {
			case '\'' -> add(SqlToken.Kind.STRING, start, closing('\''));
			case '"' -> add(SqlToken.Kind.QUOTED_IDENTIFIER, start, closing('"'));
			case '`' -> add(SqlToken.Kind.QUOTED_IDENTIFIER, start, closing('`'));
			case '[' -> add(SqlToken.Kind.QUOTED_IDENTIFIER, start, indexAfter("]", start + 1));
			default -> readBareToken(current, start);
		}
	}

	private void readBareToken(char current, int start) {
		if (isWordChar(current)) {
			int end = start;
			while (end < this.sql.length() && isWordChar(this.sql.charAt(end))) {
				end++;
			}
			add(SqlToken.Kind.WORD, start, end);
		}
		else {
			add(SqlToken.Kind.SYMBOL, start, start + 1);
		}
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
	}

	/**
	 * Finds the end of a quoted run where a doubled quote stands for the quote itself.
	 */
	private int closing(char quote) {
		int index = this.position + 1;
		while (index < this.sql.length()) {
			if (this.sql.charAt(index) == quote) {
				if (index + 1 < this.sql.length() && this.sql.charAt(index + 1) == quote) {
					index += 2;
					continue;
				}
				return index + 1;
			}
			index++;
		}
		return this.sql.length();
	}

	private int indexAfter(String end, int from) {
		int index = this.sql.indexOf(end, from);
		return (index < 0) ? this.sql.length() : index + end.length();
	}

	private boolean startsWith(String prefix) {
		return this.sql.startsWith(prefix, this.position);
	}

	private void skipTo(String end, int offset) {
		this.position = indexAfter(end, this.position + offset);
	}

	private void add(SqlToken.Kind kind, int start, int end) {
		this.tokens.add(new SqlToken(kind, this.sql.substring(start, end), start));
		this.position = end;
	}

	/**
	 * One token of SQL text.
	 *
	 * @param kind what sort of token it is
	 * @param text the token exactly as written
	 * @param offset where it starts in the text
	 */
	record SqlToken(Kind kind, String text, int offset) {

		boolean isWord(String word) {
			return this.kind == Kind.WORD && this.text.equalsIgnoreCase(word);
		}

		boolean isSymbol(String symbol) {
			return this.kind == Kind.SYMBOL && this.text.equals(symbol);
		}

		/** The sort of a token. */
		enum Kind {

			WORD, STRING, QUOTED_IDENTIFIER, SYMBOL

		}

	}

}
