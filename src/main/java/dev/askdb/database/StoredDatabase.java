package dev.askdb.database;

import java.nio.file.Path;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An uploaded SQLite file as the metadata store knows it: its owner, names, descriptions
 * and where it is stored.
 */
@Entity
@Table(name = "databases")
public class StoredDatabase {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "owner_id", nullable = false)
	private long ownerId;

	@Column(nullable = false, length = 200)
	private String name;

	@Column(name = "file_name", nullable = false, length = 100)
	private String fileName;

	@Column(name = "machine_description")
	private @Nullable String machineDescription;

	@Column(name = "user_description")
	private @Nullable String userDescription;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	@Column(name = "table_count", nullable = false)
	private int tableCount;

	@Column(nullable = false, length = 64)
	private String sha256;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected StoredDatabase() {
	}

	StoredDatabase(long ownerId, String name, @Nullable String userDescription, StoredFile file, int tableCount,
			String machineDescription, Instant createdAt) {
		this.ownerId = ownerId;
		this.name = name;
		this.userDescription = userDescription;
		this.fileName = file.fileName();
		this.sizeBytes = file.sizeBytes();
		this.sha256 = file.sha256();
		this.tableCount = tableCount;
		this.machineDescription = machineDescription;
		this.createdAt = createdAt;
	}

	public Long getId() {
		return this.id;
	}

	public long getOwnerId() {
		return this.ownerId;
	}

	public String getName() {
		return this.name;
	}

	public @Nullable String getMachineDescription() {
		return this.machineDescription;
	}

	public @Nullable String getUserDescription() {
		return this.userDescription;
	}

	String getFileName() {
		return this.fileName;
	}

	public long getSizeBytes() {
		return this.sizeBytes;
	}

	public int getTableCount() {
		return this.tableCount;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * Where the file lies, resolved against the uploads folder; never a name a client
	 * chose.
	 * @param uploads the uploads folder
	 * @return the file's path
	 */
	Path file(Path uploads) {
		return uploads.resolve(this.fileName);
	}

	void rename(String name) {
		this.name = name;
	}

	void describeAsUser(@Nullable String userDescription) {
		this.userDescription = userDescription;
	}

	void describeAsMachine(String machineDescription) {
		this.machineDescription = machineDescription;
	}

	/**
	 * Facts about the stored copy of an upload.
	 *
	 * @param fileName the server-chosen name inside the uploads folder
	 * @param sizeBytes the size
	 * @param sha256 the content hash, hex
	 */
	record StoredFile(String fileName, long sizeBytes, String sha256) {
	}

}
