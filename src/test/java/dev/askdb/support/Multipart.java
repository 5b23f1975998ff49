package dev.askdb.support;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body for java.net.http that streams file parts from disk,
 * so that uploads of any size are never built in memory.
 */
public final class Multipart {

	private final String boundary = "askdb-test-" + UUID.randomUUID();

	private final List<BodyPublisher> parts = new ArrayList<>();

	/**
	 * Adds a text field.
	 * @param name the field name
	 * @param value the value
	 * @return this body
	 */
	public Multipart field(String name, String value) {
		this.parts.add(text(partStart() + "Content-Disposition: form-data; name=\"" + name
				+ "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n"));
		return this;
	}

	/**
	 * Adds a file part whose bytes are read from disk when the request is sent.
	 * @param name the field name
	 * @param fileName the file name the client reports
	 * @param file the file to send
	 * @return this body
	 */
	public Multipart file(String name, String fileName, Path file) {
		this.parts.add(fileHeader(name, fileName));
		try {
			this.parts.add(BodyPublishers.ofFile(file));
		}
		catch (FileNotFoundException ex) {
			throw new UncheckedIOException(ex);
		}
		this.parts.add(text("\r\n"));
		return this;
	}

	/**
	 * Adds a file part with the given content.
	 * @param name the field name
	 * @param fileName the file name the client reports
	 * @param content the bytes to send
	 * @return this body
	 */
	public Multipart file(String name, String fileName, byte[] content) {
		this.parts.add(fileHeader(name, fileName));
		this.parts.add(BodyPublishers.ofByteArray(content));
		this.parts.add(text("\r\n"));
		return this;
	}

	public BodyPublisher body() {
		List<BodyPublisher> all = new ArrayList<>(this.parts);
		all.add(text("--" + this.boundary + "--\r\n"));
		return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
	}

	public String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	private BodyPublisher fileHeader(String name, String fileName) {
		return text(partStart() + "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
	}

	private String partStart() {
		return "--" + this.boundary + "\r\n";
	}

	private static BodyPublisher text(String text) {
		return BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
	}

}
