package dev.askdb.support;

import tools.jackson.databind.JsonNode;

/**
 * Compares a row askdb answered with the first rows the Spider benchmark recorded for a
 * gold query: same length, numbers equal within a relative tolerance, everything else
 * equal as text and of the same kind (a number never matches a string).
 */
public final class SpiderRows {

	private static final double TOLERANCE = 1e-6;

	private SpiderRows() {
	}

	public static boolean sameRow(JsonNode recorded, JsonNode answered) {
		if (recorded.size() != answered.size()) {
			return false;
		}
		for (int index = 0; index < recorded.size(); index++) {
			if (!sameValue(recorded.get(index), answered.get(index))) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameValue(JsonNode recorded, JsonNode answered) {
		if (recorded.isNull() || answered.isNull()) {
			return recorded.isNull() && answered.isNull();
		}
		if (recorded.isNumber() && answered.isNumber()) {
			double difference = Math.abs(recorded.asDouble() - answered.asDouble());
			return difference <= TOLERANCE * Math.max(1, Math.abs(recorded.asDouble()));
		}
		return recorded.isNumber() == answered.isNumber() && recorded.asString().equals(answered.asString());
	}

}
