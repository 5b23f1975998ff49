package dev.askdb.database;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.askdb.sql.DatabaseProfile;
import dev.askdb.sql.DatabaseProfile.ColumnRange;
import dev.askdb.sql.DatabaseProfile.TableProfile;
import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.DatabaseSchema.Column;
import dev.askdb.sql.DatabaseSchema.ForeignKey;
import dev.askdb.sql.DatabaseSchema.Table;

/**
 * Writes the server's own description of an upload from its schema and a sample of its
 * data: what it seems to be about, each table's role and size, keys, relationships and
 * value ranges, short enough to go into a prompt.
 */
@Component
public class MachineDescriptionWriter {

	/** The longest description written, in characters. */
	public static final int MAX_LENGTH = 6000;

	private static final int TOPIC_TABLES = 6;

	private static final int COLUMNS_SHOWN = 12;

	private static final int SMALL_TABLE_ROWS = 100;

	/**
	 * Describes a database.
	 * @param schema its schema
	 * @param profile a sample of its data
	 * @return a description of at most {@link #MAX_LENGTH} characters
	 */
	public String write(DatabaseSchema schema, DatabaseProfile profile) {
		Map<String, Integer> referencedBy = referenceCounts(schema);
		Map<String, TableProfile> profiles = profile.tables()
			.stream()
			.collect(Collectors.toMap(TableProfile::name, (table) -> table, (a, b) -> a));
		StringBuilder text = new StringBuilder(summary(schema, referencedBy));

		List<String> entries = new ArrayList<>();
		for (Table table : schema.tables()) {
			entries.add(entry(table, referencedBy, profiles.get(table.name())));
		}
		appendWithinLimit(text, entries);
		return text.toString();
	}

	private static String summary(DatabaseSchema schema, Map<String, Integer> referencedBy) {
		long views = schema.tables().stream().filter((table) -> table.kind().equals("view")).count();
		long rows = schema.tables()
			.stream()
			.map(Table::rowCount)
			.filter(Objects::nonNull)
			.mapToLong(Long::longValue)
			.sum();
		StringBuilder summary = new StringBuilder("SQLite database with ").append(plural(schema.tableCount(), "table"))
			.append(" (")
			.append(number(rows))
			.append(" rows in all) and ")
			.append(plural(views, "view"))
			.append(".");
		List<String> topics = topics(schema, referencedBy);
		if (!topics.isEmpty()) {
			summary.append(" It seems to be about ").append(String.join(", ", topics)).append(".");
		}
		return summary.append("\n").toString();
	}

	/** The tables that matter most: referenced often and holding many rows. */
	private static List<String> topics(DatabaseSchema schema, Map<String, Integer> referencedBy) {
		return schema.tables()
			.stream()
			.filter((table) -> !table.kind().equals("view") && !table.name().startsWith("gpkg_"))
			.sorted(Comparator.comparingDouble((Table table) -> importance(table, referencedBy)).reversed())
			.limit(TOPIC_TABLES)
			.map((table) -> table.name().replace('_', ' ').toLowerCase(Locale.ROOT))
			.toList();
	}

	private static double importance(Table table, Map<String, Integer> referencedBy) {
		long rows = (table.rowCount() != null) ? table.rowCount() : 0;
		return referencedBy.getOrDefault(table.name(), 0) * 2 + Math.log10(rows + 1);
	}

	private static Map<String, Integer> referenceCounts(DatabaseSchema schema) {
		Map<String, Integer> counts = new HashMap<>();
		for (Table table : schema.tables()) {
			for (ForeignKey key : table.foreignKeys()) {
				if (!key.referencedTable().equalsIgnoreCase(table.name())) {
					counts.merge(canonicalName(schema, key.referencedTable()), 1, Integer::sum);
				}
			}
		}
		return counts;
	}

	/** Foreign keys may name a table in another case than it was created with. */
	private static String canonicalName(DatabaseSchema schema, String name) {
		return schema.tables()
			.stream()
			.map(Table::name)
			.filter((candidate) -> candidate.equalsIgnoreCase(name))
			.findFirst()
			.orElse(name);
	}

	private static String entry(Table table, Map<String, Integer> referencedBy, @Nullable TableProfile profile) {
		StringBuilder entry = new StringBuilder("- ").append(table.name()).append(" (").append(kindAndSize(table));
		String role = role(table, referencedBy.getOrDefault(table.name(), 0));
		entry.append(role.isEmpty() ? "" : "; " + role).append("): ").append(columns(table));
		for (ForeignKey key : table.foreignKeys()) {
			entry.append("; ").append(String.join(", ", key.columns())).append(" → ").append(key.referencedTable());
			if (!key.referencedColumns().isEmpty()) {
				entry.append(".").append(String.join(", ", key.referencedColumns()));
			}
		}
		if (table.error() != null) {
			entry.append("; cannot be read: ").append(table.error());
		}
		if (profile != null) {
			entry.append(ranges(profile.ranges()));
		}
		return entry.append("\n").toString();
	}

	private static String kindAndSize(Table table) {
		return switch (table.kind()) {
			case "view" -> "view";
			case "virtual" -> "virtual table";
			default -> (table.rowCount() != null) ? plural(table.rowCount(), "row") : "many rows";
		};
	}

	private static String role(Table table, int referenced) {
		long keyColumns = table.foreignKeys().stream().mapToLong((key) -> key.columns().size()).sum();
		if (table.foreignKeys().size() >= 2 && table.columns().size() - keyColumns <= 2) {
			return "links " + table.foreignKeys()
				.stream()
				.map(ForeignKey::referencedTable)
				.distinct()
				.collect(Collectors.joining(" and "));
		}
		if (referenced > 0 && table.rowCount() != null && table.rowCount() <= SMALL_TABLE_ROWS) {
			return "lookup table used by " + plural(referenced, "table");
		}
		if (referenced >= 2) {
			return "central, used by " + plural(referenced, "table");
		}
		return "";
	}

	private static String columns(Table table) {
		List<String> names = table.columns()
			.stream()
			.limit(COLUMNS_SHOWN)
			.map(MachineDescriptionWriter::column)
			.toList();
		String more = (table.columns().size() > COLUMNS_SHOWN)
				? ", … " + (table.columns().size() - COLUMNS_SHOWN) + " more" : "";
		return String.join(", ", names) + more;
	}

	private static String column(Column column) {
		String type = column.type().isEmpty() ? "" : " " + column.type();
		return column.name() + type + (column.primaryKey() ? " PK" : "");
	}

	private static String ranges(List<ColumnRange> ranges) {
		if (ranges.isEmpty()) {
			return "";
		}
		return "; ranges: " + ranges.stream()
			.map((range) -> range.column() + " " + range.min() + " … " + range.max())
			.collect(Collectors.joining(", "));
	}

	/** Adds whole entries while they fit, then one line naming what was left out. */
	private static void appendWithinLimit(StringBuilder text, List<String> entries) {
		int reserve = 300;
		int written = 0;
		for (String entry : entries) {
			String bounded = (entry.length() > 600) ? entry.substring(0, 598) + "…\n" : entry;
			if (text.length() + bounded.length() > MAX_LENGTH - reserve) {
				break;
			}
			text.append(bounded);
			written++;
		}
		if (written < entries.size()) {
			String omitted = "… and " + (entries.size() - written) + " more tables and views, not described here.";
			text.append(omitted, 0, Math.min(omitted.length(), MAX_LENGTH - text.length()));
		}
	}

	private static String plural(long count, String noun) {
		return number(count) + " " + noun + ((count == 1) ? "" : "s");
	}

	private static String number(long value) {
		return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
	}

}
