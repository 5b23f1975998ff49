package dev.askdb.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
		Multipart body = new Multipart().file("file", file.getFileName().toString(), file);
		return api.send("POST", "/api/databases", body.body(), body.contentType())
			.expect(201)
			.json()
			.get("id")
			.asLong();
	}

	/**
	 * Hashes a file as it is on disk, streaming it.
	 * @param file the file
	 * @return its SHA-256, hex
	 */
	public static String sha256(Path file) {
		try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
				MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
