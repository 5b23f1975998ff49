package dev.askdb.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.ForeignKey;
import dev.askdb.sql.DatabaseSchema.Table;

/**
 * Writes a schema as compact DDL within a token budget, keeping the tables most relevant
 * to the question in full and naming the rest.
 */
final class SchemaRenderer {

	static final String HEADER = "Schema (SQLite; PK = primary key, → = foreign key):";

	static final String NAMES_HEADER = "Also present, not shown in full (see their columns with "
			+ "SELECT name, type FROM pragma_table_info('<table>')): ";

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+|(?<=\\p{Ll})(?=\\p{Lu})");

	private final Tokenizer tokenizer;

	SchemaRenderer(Tokenizer tokenizer) {
		this.tokenizer = tokenizer;
	}

	/**
	 * A schema as it goes into the prompt.
	 */
	record RenderedSchema(String text, List<String> inFull, List<String> byName) {
	}

	RenderedSchema render(DatabaseSchema schema, String question, String context, int maxTokens) {
		List<Table> tables = schema.tables();
		String full = HEADER + "\n" + tables.stream().map(SchemaRenderer::ddl).collect(Collectors.joining("\n"));
		if (this.tokenizer.count(full) <= maxTokens) {
			return new RenderedSchema(full, names(tables), List.of());
		}

		List<Table> order = relevanceOrder(tables, question, context);
		Set<String> chosen = choose(tables, order, maxTokens);
		return fit(tables, chosen, order, maxTokens);
	}

	private Set<String> choose(List<Table> tables, List<Table> order, int maxTokens) {
		Map<String, Integer> nameCost = new HashMap<>();
		int names = 0;
		for (Table table : tables) {
			int cost = this.tokenizer.count(quote(table.name()) + ", ");
			nameCost.put(table.name(), cost);
			names += cost;
		}
		// A long list of names is cut rather than crowding out every definition.
		int used = this.tokenizer.count(HEADER + "\n" + NAMES_HEADER) + 8 + Math.min(names, maxTokens / 3);

		Set<String> chosen = new LinkedHashSet<>();
		for (Table table : order) {
			int cost = this.tokenizer.count(ddl(table) + "\n") - nameCost.get(table.name());
			if (used + cost <= maxTokens) {
				chosen.add(table.name());
				used += cost;
			}
		}
		return chosen;
	}

	private RenderedSchema fit(List<Table> tables, Set<String> chosen, List<Table> order, int maxTokens) {
		RenderedSchema rendered = assemble(tables, chosen, maxTokens);
		List<Table> dropOrder = new ArrayList<>(order);
		while (this.tokenizer.count(rendered.text()) > maxTokens && !chosen.isEmpty()) {
			Table last = dropOrder.remove(dropOrder.size() - 1);
			if (chosen.remove(last.name())) {
				rendered = assemble(tables, chosen, maxTokens);
			}
		}
		return rendered;
	}

	private RenderedSchema assemble(List<Table> tables, Set<String> chosen, int maxTokens) {
		List<Table> inFull = tables.stream().filter((table) -> chosen.contains(table.name())).toList();
		List<Table> byName = tables.stream().filter((table) -> !chosen.contains(table.name())).toList();
		StringBuilder text = new StringBuilder(HEADER);
		inFull.forEach((table) -> text.append('\n').append(ddl(table)));
		if (byName.isEmpty()) {
			return new RenderedSchema(text.toString(), names(inFull), List.of());
		}

		int room = maxTokens - this.tokenizer.count(text.toString()) - 12;
		List<String> listed = namesWithin(byName, room);
		text.append('\n')
			.append(NAMES_HEADER)
			.append(String.join(", ", listed.stream().map(SchemaRenderer::quote).toList()));
		if (listed.size() < byName.size()) {
			text.append(" … and ").append(byName.size() - listed.size()).append(" more");
		}
		return new RenderedSchema(text.toString(), names(inFull), names(byName));
	}

	private List<String> namesWithin(List<Table> tables, int maxTokens) {
		String line = NAMES_HEADER
				+ tables.stream().map((table) -> quote(table.name())).collect(Collectors.joining(", "));
		String cut = this.tokenizer.truncate(line, maxTokens);
		if (cut.length() == line.length()) {
			return names(tables);
		}

		int shownChars = cut.lastIndexOf(", ") - NAMES_HEADER.length();
		List<String> shown = new ArrayList<>();
		int position = 0;
		for (Table table : tables) {
			position += quote(table.name()).length() + ((position == 0) ? 0 : 2);
			if (position > shownChars) {
				break;
			}
			shown.add(table.name());
		}
		return shown;
	}

	static List<Table> relevanceOrder(List<Table> tables, String question, String context) {
		Set<String> questionWords = distinctive(words(question), tables);
		Set<String> contextWords = distinctive(words(context), tables);
		String squashed = question.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
		Map<String, Integer> scores = new HashMap<>();
		tables.forEach((table) -> scores.put(table.name(), score(table, questionWords, contextWords, squashed)));

		List<Table> matched = tables.stream()
			.filter((table) -> scores.get(table.name()) > 0)
			.sorted(Comparator.comparing((Table table) -> scores.get(table.name())).reversed())
			.toList();
		Map<String, List<Table>> neighbours = neighbours(tables);
		Set<Table> ordered = new LinkedHashSet<>();
		for (Table table : matched) {
			ordered.add(table);
			ordered.addAll(neighbours.getOrDefault(table.name().toLowerCase(Locale.ROOT), List.of()));
		}
		ordered.addAll(tables);
		return new ArrayList<>(ordered);
	}

	private static Map<String, List<Table>> neighbours(List<Table> tables) {
		Map<String, Table> byName = new HashMap<>();
		tables.forEach((table) -> byName.put(table.name().toLowerCase(Locale.ROOT), table));
		Map<String, List<Table>> neighbours = new HashMap<>();
		for (Table table : tables) {
			for (ForeignKey key : table.foreignKeys()) {
				Table referenced = byName.get(key.referencedTable().toLowerCase(Locale.ROOT));
				if (referenced != null) {
					link(neighbours, table, referenced);
					link(neighbours, referenced, table);
				}
			}
		}
		return neighbours;
	}

	private static void link(Map<String, List<Table>> neighbours, Table from, Table to) {
		neighbours.computeIfAbsent(from.name().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>()).add(to);
	}

	/**
	 * Drops words that name a large part of the tables ("table", "data"), since matching
	 * them tells nothing.
	 */
	private static Set<String> distinctive(Set<String> words, List<Table> tables) {
		if (tables.size() < 8) {
			return words;
		}
		List<Set<String>> tableWords = tables.stream().map((table) -> words(table.name())).toList();
		Set<String> kept = new LinkedHashSet<>();
		for (String word : words) {
			long naming = tableWords.stream().filter((names) -> names.contains(word)).count();
			if (naming <= tables.size() / 4) {
				kept.add(word);
			}
		}
		return kept;
	}

	private static int score(Table table, Set<String> question, Set<String> context, String squashedQuestion) {
		Set<String> nameWords = words(table.name());
		int score = 0;
		String squashedName = table.name().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
		if (squashedName.length() >= 3 && squashedQuestion.contains(squashedName)) {
			score += 10;
		}
		score += 5 * (int) nameWords.stream().filter(question::contains).count();
		score += (int) nameWords.stream().filter(context::contains).count();
		for (Column column : table.columns()) {
			score += 2 * (int) words(column.name()).stream().filter(question::contains).count();
		}
		return score;
	}

	static Set<String> words(String text) {
		Set<String> words = new LinkedHashSet<>();
		for (String word : WORD_BREAK.split(text)) {
			String lower = word.toLowerCase(Locale.ROOT);
			if (lower.length() >= 3 && !"id".equals(lower)) {
				words.add(stem(lower));
			}
		}
		return words;
	}

	private static String stem(String word) {
		if (word.endsWith("ies") && word.length() > 4) {
			return word.substring(0, word.length() - 3) + "y";
		}
		if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
			return word.substring(0, word.length() - 1);
		}
		return word;
	}

	static String ddl(Table table) {
		List<String> parts = new ArrayList<>();
		table.columns().forEach((column) -> parts.add(column(column, table.foreignKeys())));
		table.foreignKeys()
			.stream()
			.filter((key) -> key.columns().size() > 1)
			.forEach((key) -> parts.add("FOREIGN KEY(" + joinNames(key.columns()) + ") → " + target(key)));
		table.indexes()
			.stream()
			.filter((index) -> index.unique() && index.columns().size() > 1 && !isPrimaryKey(table, index.columns()))
			.forEach((index) -> parts.add("UNIQUE(" + joinNames(index.columns()) + ")"));
		return "CREATE " + keyword(table.kind()) + " " + quote(table.name()) + "(" + String.join(", ", parts) + ")"
				+ comment(table);
	}

	private static String column(Column column, List<ForeignKey> foreignKeys) {
		StringBuilder text = new StringBuilder(quote(column.name()));
		if (!column.type().isBlank()) {
			text.append(' ').append(column.type());
		}
		if (column.primaryKey()) {
			text.append(" PK");
		}
		else if (!column.nullable()) {
			text.append(" NOT NULL");
		}
		if (column.defaultValue() != null) {
			text.append(" DEFAULT ").append(column.defaultValue());
		}
		foreignKeys.stream()
			.filter((key) -> key.columns().size() == 1 && key.columns().get(0).equalsIgnoreCase(column.name()))
			.findFirst()
			.ifPresent((key) -> text.append(" → ").append(singleTarget(key)));
		return text.toString();
	}

	private static boolean isPrimaryKey(Table table, List<String> columns) {
		List<String> primary = table.columns().stream().filter(Column::primaryKey).map(Column::name).toList();
		return primary.size() == columns.size() && primary.containsAll(columns);
	}

	private static String singleTarget(ForeignKey key) {
		return key.referencedColumns().isEmpty() ? quote(key.referencedTable())
				: quote(key.referencedTable()) + "." + quote(key.referencedColumns().get(0));
	}

	private static String target(ForeignKey key) {
		return key.referencedColumns().isEmpty() ? quote(key.referencedTable())
				: quote(key.referencedTable()) + "(" + joinNames(key.referencedColumns()) + ")";
	}

	private static String keyword(String kind) {
		return switch (kind) {
			case "view" -> "VIEW";
			case "virtual" -> "VIRTUAL TABLE";
			default -> "TABLE";
		};
	}

	private static String comment(Table table) {
		if (table.error() != null) {
			return " -- could not be read";
		}
		return (table.rowCount() != null) ? " -- " + table.rowCount() + " rows" : "";
	}

	private static String joinNames(List<String> names) {
		return names.stream().map(SchemaRenderer::quote).collect(Collectors.joining(", "));
	}

	static String quote(String name) {
		return PLAIN_NAME.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private static List<String> names(List<Table> tables) {
		return tables.stream().map(Table::name).toList();
	}

}
