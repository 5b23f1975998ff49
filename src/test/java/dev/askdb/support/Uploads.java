package dev.askdb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Uploads SQLite files from the shared test data as a browser would: a streamed multipart
 * request.
 */
public final class Uploads {

	private Uploads() {
	}

	/**
	 * The shared test data folder.
	 * @return its path
	 */
	public static Path sharedData() {
		return Path.of(System.getProperty("askdb.shared-data", "../shared/data"));
	}

	/**
	 * Uploads a file and expects it accepted.
	 * @param api the signed-in client
	 * @param file the file
	 * @return the new database's id
	 */
	public static long upload(Api api, Path file) {
		return api.send("POST", "/api/databases", multipart(file, file.getFileName().toString()), contentType())
			.expect(201)
			.json()
			.get("id")
			.asLong();
	}

	static final String BOUNDARY = "askdb-" + UUID.randomUUID();

	public static String contentType() {
		return "multipart/form-data; boundary=" + BOUNDARY;
	}

	/**
	 * A multipart body with one {@code file} part streamed from disk.
	 * @param file the file
	 * @param clientFileName the file name the client claims
	 * @return the body
	 */
	public static BodyPublisher multipart(Path file, String clientFileName) {
		String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
				+ clientFileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
		String tail = "\r\n--" + BOUNDARY + "--\r\n";
		try {
			return BodyPublishers.concat(BodyPublishers.ofString(head, StandardCharsets.UTF_8),
					BodyPublishers.ofFile(file), BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String sha256(Path file) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
