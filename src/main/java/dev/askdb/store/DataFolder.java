package dev.askdb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The folder that holds askdb's state on disk: the SQLite metadata store, uploaded files
 * and generated secrets.
 *
 * @param dataDir the folder, {@code ./data} unless {@code ASKDB_DATA_DIR} says otherwise
 */
@ConfigurationProperties("askdb")
public record DataFolder(@DefaultValue("./data") Path dataDir) {

	/**
	 * The folder where uploaded SQLite files are stored under server-chosen names.
	 * @return the uploads folder, created on first use
	 */
	public Path uploads() {
		return ensureFolder(this.dataDir.resolve("uploads"));
	}

	/**
	 * The data folder itself, created on first use with owner-only permissions where the
	 * file system allows.
	 * @return the data folder
	 */
	public Path root() {
		return ensureFolder(this.dataDir);
	}

	static Path ensureFolder(Path folder) {
		try {
			if (!Files.isDirectory(folder)) {
				Files.createDirectories(folder);
				restrictToOwner(folder, "rwx------");
			}
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the data folder " + folder, ex);
		}
	}

	/**
	 * Gives a file or folder owner-only permissions on file systems that support POSIX
	 * permissions.
	 * @param path the file or folder
	 * @param permissions the permissions, for example {@code rw-------}
	 * @throws IOException when the permissions cannot be set
	 */
	public static void restrictToOwner(Path path, String permissions) throws IOException {
		if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
		}
	}

}
