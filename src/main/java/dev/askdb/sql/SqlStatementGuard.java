package dev.askdb.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.askdb.sql.SqlTokenizer.SqlToken;

/**
 * Decides whether untrusted SQL text is exactly one read-only statement: first by its
 * words, then by asking SQLite to compile it and looking for operations that write.
 */
final class SqlStatementGuard {

	private static final Set<String> DATA_CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE");

	private static final Set<String> READING_PRAGMAS = Set.of("application_id", "collation_list", "compile_options",
			"database_list", "encoding", "foreign_key_check", "foreign_keys", "freelist_count", "function_list",
			"integrity_check", "module_list", "page_count", "page_size", "pragma_list", "quick_check", "schema_version",
			"table_list", "user_version");

	private static final Set<String> TABLE_VALUED_PRAGMAS = Set.of("table_info", "table_xinfo", "index_list",
			"index_info", "index_xinfo", "foreign_key_list", "foreign_key_check", "table_list", "integrity_check",
			"quick_check");

	/** Operations that change a file or its schema whatever cursor they use. */
	private static final Set<String> WRITE_OPCODES = Set.of("OpenWrite", "Destroy", "Clear", "CreateBtree", "Vacuum",
			"IncrVacuum", "ParseSchema", "SetCookie", "JournalMode", "DropTable", "DropIndex", "DropTrigger", "VCreate",
			"VDestroy", "VUpdate", "VRename", "LoadAnalysis", "Checkpoint", "SqlExec");

	/**
	 * Row operations that write only through a cursor opened for writing; reads use them
	 * on temporary tables for DISTINCT, UNION and materialized subqueries.
	 */
	private static final Set<String> CURSOR_WRITES = Set.of("Insert", "Delete", "IdxInsert", "IdxDelete");

	/**
	 * Words that may stand between CREATE or DROP and the name, and the kinds among them.
	 */
	private static final Set<String> SCHEMA_WORDS = Set.of("TEMP", "TEMPORARY", "UNIQUE", "VIRTUAL", "TABLE", "VIEW",
			"INDEX", "TRIGGER");

	private static final Set<String> SCHEMA_KINDS = Set.of("TABLE", "VIEW", "INDEX", "TRIGGER");

	private static final String ONE_READ_ONLY = "Only one read-only statement is allowed; this one ";

	private static final String ALLOWED = "Only read-only queries are allowed: SELECT, WITH ... SELECT, VALUES, "
			+ "EXPLAIN or a PRAGMA that reads";

	private SqlStatementGuard() {
	}

	/**
	 * Checks the words of the text and returns the single statement it holds.
	 * @param sql the untrusted text
	 * @param maxLength the longest text accepted
	 * @return the statement without surrounding comments or the closing semicolon
	 * @throws QueryRejectedException when the text is not one read-only statement
	 */
	static String checkText(String sql, int maxLength) {
		if (sql.length() > maxLength) {
			throw new QueryRejectedException(
					"The query is longer than the " + maxLength + " characters allowed. Send a shorter statement.");
		}
		List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
		int end = statementEnd(tokens);
		if (end == 0) {
			throw new QueryRejectedException("The query is empty. Send one SELECT statement.");
		}
		List<SqlToken> statement = tokens.subList(0, end);
		checkStatement(statement);
		SqlToken last = statement.get(statement.size() - 1);
		return sql.substring(statement.get(0).offset(), last.offset() + last.text().length());
	}

	/**
	 * Finds where the first statement ends; anything but a lone semicolon after it is
	 * refused.
	 */
	private static int statementEnd(List<SqlToken> tokens) {
		for (int index = 0; index < tokens.size(); index++) {
			if (tokens.get(index).isSymbol(";")) {
				boolean onlySemicolonsAfter = tokens.subList(index, tokens.size())
					.stream()
					.allMatch((token) -> token.isSymbol(";"));
				if (!onlySemicolonsAfter || index == 0) {
					throw new QueryRejectedException(
							"Only one statement is allowed. Remove everything after the first semicolon.");
				}
				return index;
			}
		}
		return tokens.size();
	}

	private static void checkStatement(List<SqlToken> tokens) {
		SqlToken first = tokens.get(0);
		String keyword = (first.kind() == SqlToken.Kind.WORD) ? first.text().toUpperCase(Locale.ROOT) : first.text();
		switch (keyword) {
			case "SELECT", "VALUES" -> {
			}
			case "WITH" -> checkWith(tokens);
			case "PRAGMA" -> checkPragma(tokens);
			case "EXPLAIN" -> checkExplained(tokens);
			default -> throw new QueryRejectedException(rejection(tokens, keyword));
		}
	}

	/**
	 * Says what a refused statement would do in the user's terms, naming the table it
	 * writes to, creates, drops or alters where its words tell.
	 */
	private static String rejection(List<SqlToken> tokens, String keyword) {
		String change = change(tokens);
		if (change != null) {
			return ONE_READ_ONLY + change + ".";
		}
		return ALLOWED + "; this statement starts with " + keyword + ".";
	}

	private static @Nullable String change(List<SqlToken> tokens) {
		String first = tokens.get(0).text().toUpperCase(Locale.ROOT);
		return switch (first) {
			case "INSERT", "REPLACE" -> writesTo(tokens, indexOfWord(tokens, "INTO") + 1);
			case "UPDATE" -> writesTo(tokens, (tokens.size() > 2 && tokens.get(1).isWord("OR")) ? 3 : 1);
			case "DELETE" -> writesTo(tokens, indexOfWord(tokens, "FROM") + 1);
			case "DROP" -> schemaChange("drops", tokens, 1);
			case "ALTER" -> schemaChange("alters", tokens, 1);
			case "CREATE" -> schemaChange("creates", tokens, 1);
			default -> null;
		};
	}

	private static @Nullable String writesTo(List<SqlToken> tokens, int nameIndex) {
		String table = (nameIndex > 0) ? objectName(tokens, nameIndex) : null;
		return (table != null) ? "writes to table " + table : null;
	}

	/**
	 * Reads {@code [TEMP|TEMPORARY] [UNIQUE] [VIRTUAL] kind [IF [NOT] EXISTS] name} from
	 * the given position.
	 */
	private static @Nullable String schemaChange(String verb, List<SqlToken> tokens, int start) {
		int index = start;
		StringBuilder kind = new StringBuilder();
		while (index < tokens.size() && tokens.get(index).kind() == SqlToken.Kind.WORD
				&& SCHEMA_WORDS.contains(tokens.get(index).text().toUpperCase(Locale.ROOT))) {
			String word = tokens.get(index).text().toLowerCase(Locale.ROOT);
			if (word.equals("virtual") || SCHEMA_KINDS.contains(word.toUpperCase(Locale.ROOT))) {
				kind.append(kind.isEmpty() ? "" : " ").append(word);
			}
			index++;
		}
		while (index < tokens.size() && (tokens.get(index).isWord("IF") || tokens.get(index).isWord("NOT")
				|| tokens.get(index).isWord("EXISTS"))) {
			index++;
		}
		String name = objectName(tokens, index);
		if (kind.isEmpty() || name == null) {
			return null;
		}
		return verb + " " + kind + " " + name;
	}

	/** Reads a possibly schema-qualified name and returns its last part, unquoted. */
	private static @Nullable String objectName(List<SqlToken> tokens, int index) {
		int last = index;
		while (last + 2 < tokens.size() && tokens.get(last + 1).isSymbol(".")) {
			last += 2;
		}
		if (last >= tokens.size()) {
			return null;
		}
		SqlToken name = tokens.get(last);
		return switch (name.kind()) {
			case WORD -> name.text();
			case QUOTED_IDENTIFIER, STRING ->
				unquote(name).replace(name.text().substring(0, 1).repeat(2), name.text().substring(0, 1));
			default -> null;
		};
	}

	private static int indexOfWord(List<SqlToken> tokens, String word) {
		for (int index = 0; index < tokens.size(); index++) {
			if (tokens.get(index).isWord(word)) {
				return index;
			}
		}
		return -1;
	}

	private static void checkWith(List<SqlToken> tokens) {
		int depth = 0;
		for (int index = 1; index < tokens.size(); index++) {
			SqlToken token = tokens.get(index);
			depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
			if (depth == 0 && token.kind() == SqlToken.Kind.WORD) {
				String word = token.text().toUpperCase(Locale.ROOT);
				if (DATA_CHANGES.contains(word)) {
					String change = change(tokens.subList(index, tokens.size()));
					throw new QueryRejectedException((change != null) ? ONE_READ_ONLY + change + "."
							: ALLOWED + "; this WITH statement ends in " + word + ".");
				}
				if (word.equals("SELECT") || word.equals("VALUES")) {
					return;
				}
			}
		}
	}

	private static void checkExplained(List<SqlToken> tokens) {
		int start = 1;
		if (tokens.size() > 2 && tokens.get(1).isWord("QUERY") && tokens.get(2).isWord("PLAN")) {
			start = 3;
		}
		if (start >= tokens.size() || tokens.get(start).isWord("EXPLAIN")) {
			throw new QueryRejectedException("EXPLAIN needs one read-only statement after it.");
		}
		checkStatement(tokens.subList(start, tokens.size()));
	}

	private static void checkPragma(List<SqlToken> tokens) {
		int index = 1;
		if (tokens.size() > 3 && tokens.get(2).isSymbol(".")) {
			index = 3;
		}
		if (tokens.stream().anyMatch((token) -> token.isSymbol("="))) {
			throw new QueryRejectedException("A PRAGMA may only read a setting here, not change it. Remove the '='.");
		}
		String name = (index < tokens.size()) ? unquote(tokens.get(index)).toLowerCase(Locale.ROOT) : "";
		List<SqlToken> rest = tokens.subList(Math.min(index + 1, tokens.size()), tokens.size());
		boolean reads = rest.isEmpty() ? READING_PRAGMAS.contains(name)
				: TABLE_VALUED_PRAGMAS.contains(name) && isOneArgument(rest);
		if (!reads) {
			throw new QueryRejectedException("PRAGMA " + name + " is not allowed here. Allowed are pragmas that read, "
					+ "such as table_info(name), index_list(name) or foreign_key_list(name).");
		}
	}

	private static boolean isOneArgument(List<SqlToken> rest) {
		return rest.size() == 3 && rest.get(0).isSymbol("(") && rest.get(2).isSymbol(")");
	}

	private static String unquote(SqlToken token) {
		if (token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER || token.kind() == SqlToken.Kind.STRING) {
			return token.text().substring(1, Math.max(1, token.text().length() - 1));
		}
		return token.text();
	}

	/**
	 * Asks SQLite to compile the statement and refuses it when the program writes.
	 * @param connection an open upload
	 * @param statement a statement that passed {@link #checkText}
	 * @throws SQLException when SQLite cannot compile it
	 * @throws QueryRejectedException when the program would write
	 */
	static void checkPlan(Connection connection, String statement) throws SQLException {
		String explained = explainedStatement(statement);
		try (Statement explain = connection.createStatement();
				ResultSet program = explain.executeQuery("EXPLAIN " + explained)) {
			Set<Integer> writeCursors = new HashSet<>();
			while (program.next()) {
				String opcode = program.getString("opcode");
				if ("OpenWrite".equals(opcode)) {
					writeCursors.add(program.getInt("p1"));
				}
				boolean writes = WRITE_OPCODES.contains(opcode)
						|| (CURSOR_WRITES.contains(opcode) && writeCursors.contains(program.getInt("p1")))
						|| ("Transaction".equals(opcode) && program.getInt("p2") != 0);
				if (writes) {
					throw new QueryRejectedException(writeMessage(connection, opcode, program.getInt("p2")));
				}
			}
		}
	}

	/**
	 * An EXPLAIN never runs what it explains, so its inner statement is what gets
	 * checked.
	 */
	private static String explainedStatement(String statement) {
		List<SqlToken> tokens = SqlTokenizer.tokenize(statement);
		if (!tokens.get(0).isWord("EXPLAIN")) {
			return statement;
		}
		int start = (tokens.size() > 2 && tokens.get(1).isWord("QUERY") && tokens.get(2).isWord("PLAN")) ? 3 : 1;
		return statement.substring(tokens.get(start).offset());
	}

	private static String writeMessage(Connection connection, String opcode, int rootPage) throws SQLException {
		String base = ONE_READ_ONLY;
		if ("OpenWrite".equals(opcode)) {
			String table = tableAtRootPage(connection, rootPage);
			if (table != null) {
				return base + "writes to table " + table + ".";
			}
		}
		return base + "would change the database.";
	}

	private static String tableAtRootPage(Connection connection, int rootPage) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet names = statement
					.executeQuery("SELECT tbl_name FROM sqlite_schema WHERE rootpage = " + rootPage)) {
			return names.next() ? names.getString(1) : null;
		}
	}

}
