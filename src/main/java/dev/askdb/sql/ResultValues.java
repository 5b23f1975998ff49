package dev.askdb.sql;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Turns SQLite values into JSON-friendly ones: whole numbers as {@link Long}, reals as
 * {@link Double}, text as {@link String} cut at a length, blobs as a short description.
 */
final class ResultValues {

	/** Bytes of a blob shown in its description. */
	private static final int BLOB_PREVIEW_BYTES = 16;

	private ResultValues() {
	}

	/**
	 * Converts one value as the driver returned it.
	 * @param value the driver's value
	 * @param maxLength the longest text kept whole
	 * @return the JSON-friendly value
	 */
	static @Nullable Object convert(@Nullable Object value, int maxLength) {
		if (value == null || value instanceof Long || value instanceof Double) {
			return value;
		}
		if (value instanceof Number number) {
			return (value instanceof Float) ? (Object) number.doubleValue() : (Object) number.longValue();
		}
		if (value instanceof byte[] bytes) {
			return describeBlob(bytes);
		}
		return cut(value.toString(), maxLength);
	}

	/**
	 * Describes a blob without its content: its size and first bytes in hex.
	 * @param bytes the blob
	 * @return for example {@code <blob 2048 bytes: 89504e47…>}
	 */
	static String describeBlob(byte[] bytes) {
		int shown = Math.min(bytes.length, BLOB_PREVIEW_BYTES);
		String hex = HexFormat.of().formatHex(bytes, 0, shown);
		String more = (bytes.length > shown) ? "…" : "";
		return "<blob " + bytes.length + " bytes" + (shown > 0 ? ": " + hex + more : "") + ">";
	}

	/**
	 * Cuts text past a length, saying how much was left out.
	 * @param text the text
	 * @param maxLength the longest text kept whole
	 * @return the text, or its start with a marker
	 */
	static String cut(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int end = maxLength;
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end) + "… [" + (text.length() - end) + " more characters]";
	}

	/**
	 * Estimates what a value costs in a JSON answer.
	 * @param value a converted value
	 * @return its approximate size in bytes
	 */
	static long estimatedBytes(@Nullable Object value) {
		if (value instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8).length + 2L;
		}
		return 8;
	}

}
