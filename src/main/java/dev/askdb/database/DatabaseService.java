package dev.askdb.database;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.chat.SqlChat;
import dev.askdb.database.StoredDatabase.StoredFile;
import dev.askdb.database.UploadedFiles.Received;
import dev.askdb.sql.DatabaseFileFacts;
import dev.askdb.sql.DatabaseProfile;
import dev.askdb.sql.DatabaseProfiler;
import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.QueryResult;
import dev.askdb.sql.ReadOnlySqlRunner;
import dev.askdb.sql.SchemaReader;
import dev.askdb.sql.UploadedFileValidator;
import dev.askdb.user.AccountDeletion;
import dev.askdb.user.UserService;
import dev.askdb.web.Problems;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploaded databases: storing and validating uploads, describing them, reading their
 * schema and running read-only queries on them, always within one owner's databases.
 *
 * <p>
 * A database's row and file exist together: the file is validated and published before
 * the row is committed, and removed only after the row's deletion commits; the orphan
 * sweep mends what a crash leaves between the two.
 */
@Service
public class DatabaseService {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseService.class);

	private final StoredDatabaseRepository databases;

	private final UploadedFiles files;

	private final UploadedFileValidator validator;

	private final SchemaCache schemas;

	private final DatabaseProfiler profiler;

	private final MachineDescriptionWriter descriptionWriter;

	private final ReadOnlySqlRunner runner;

	private final SqlChat chat;

	private final UserService users;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnly;

	private final Clock clock;

	DatabaseService(StoredDatabaseRepository databases, UploadedFiles files, UploadedFileValidator validator,
			SchemaCache schemas, DatabaseProfiler profiler, MachineDescriptionWriter descriptionWriter,
			ReadOnlySqlRunner runner, SqlChat chat, UserService users, TransactionTemplate transactions, Clock clock) {
		this.databases = databases;
		this.files = files;
		this.validator = validator;
		this.schemas = schemas;
		this.profiler = profiler;
		this.descriptionWriter = descriptionWriter;
		this.runner = runner;
		this.chat = chat;
		this.users = users;
		this.transactions = transactions;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
		this.clock = clock;
	}

	/**
	 * Stores, validates and describes an upload, then records it.
	 * @param ownerId the uploading user
	 * @param content the file's bytes
	 * @param name the display name
	 * @param userDescription what the user says the database holds, or {@code null}
	 * @return the recorded database
	 */
	StoredDatabase upload(long ownerId, InputStream content, String name, @Nullable String userDescription) {
		long started = System.nanoTime();
		Received received = this.files.receive(content);
		StoredFile stored;
		try {
			DatabaseFileFacts facts = this.validator.validate(received.file());
			stored = this.files.publish(facts.walHeaderRewritten() ? this.files.rehash(received) : received);
		}
		catch (RuntimeException ex) {
			UploadedFiles.deleteQuietly(received.file());
			throw ex;
		}
		try {
			StoredDatabase database = describeAndRecord(ownerId, stored, name, userDescription);
			logger.info("User {} uploaded database {} ({} bytes, {} tables) in {} ms", ownerId, database.getId(),
					stored.sizeBytes(), database.getTableCount(), elapsedMs(started));
			return database;
		}
		catch (RuntimeException ex) {
			this.files.delete(stored.fileName());
			throw ex;
		}
	}

	private StoredDatabase describeAndRecord(long ownerId, StoredFile stored, String name,
			@Nullable String userDescription) {
		Path file = this.files.path(stored.fileName());
		DatabaseSchema schema = this.schemas.read(file);
		DatabaseProfile profile = this.profiler.profile(file, schema);
		String description = this.descriptionWriter.write(schema, profile);
		StoredDatabase database = new StoredDatabase(ownerId, name, userDescription, stored, schema.tableCount(),
				description, this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		return this.transactions.execute((status) -> this.databases.saveAndFlush(database));
	}

	Page<StoredDatabase> list(long ownerId, int page, int size) {
		PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
		return this.readOnly.execute((status) -> this.databases.findByOwnerId(ownerId, request));
	}

	/**
	 * Finds one of the owner's databases.
	 * @param ownerId the owner
	 * @param databaseId the database
	 * @return the database
	 * @throws org.springframework.web.ErrorResponseException 404 when it is missing or
	 * someone else's
	 */
	public StoredDatabase get(long ownerId, long databaseId) {
		return this.readOnly.execute((status) -> owned(ownerId, databaseId));
	}

	private StoredDatabase owned(long ownerId, long databaseId) {
		return this.databases.findByIdAndOwnerId(databaseId, ownerId).orElseThrow(() -> Problems.notFound());
	}

	StoredDatabase update(long ownerId, long databaseId, @Nullable String name, @Nullable String userDescription) {
		return this.transactions.execute((status) -> {
			StoredDatabase database = owned(ownerId, databaseId);
			if (name != null) {
				database.rename(name.strip());
			}
			if (userDescription != null) {
				database.describeAsUser(userDescription.isBlank() ? null : userDescription.strip());
			}
			return database;
		});
	}

	void delete(long ownerId, long databaseId) {
		String fileName = this.transactions.execute((status) -> {
			StoredDatabase database = owned(ownerId, databaseId);
			this.databases.delete(database);
			return database.getFileName();
		});
		this.files.delete(fileName);
		this.schemas.forget(this.files.path(fileName));
		logger.info("User {} deleted database {}", ownerId, databaseId);
	}

	/**
	 * Reads the schema of one of the owner's databases.
	 * @param database the database
	 * @return its tables, views and virtual tables
	 */
	public DatabaseSchema schema(StoredDatabase database) {
		return this.schemas.read(file(database));
	}

	/**
	 * The stored file of one of the owner's databases, for the guarded runner only.
	 * @param database the database
	 * @return the file's path
	 */
	public Path file(StoredDatabase database) {
		return database.file(this.files.folder());
	}

	QueryResult query(long ownerId, long databaseId, String sql, @Nullable Integer maxRows) {
		StoredDatabase database = get(ownerId, databaseId);
		QueryResult result = this.runner.run(file(database), sql, maxRows);
		logger.debug("User {} queried database {}: {} rows in {} ms", ownerId, databaseId, result.rows().size(),
				result.elapsedMs());
		return result;
	}

	StoredDatabase describeWithModel(long ownerId, long databaseId) {
		StoredDatabase database = get(ownerId, databaseId);
		DatabaseSchema schema = schema(database);
		DatabaseProfile profile = this.profiler.profile(file(database), schema);
		String prompt = DescriptionPrompt.user(database, schema, profile,
				this.descriptionWriter.write(schema, profile));
		long started = System.nanoTime();
		String description = this.chat.complete(this.users.apiKeyForModelCall(ownerId).orElse(null),
				DescriptionPrompt.SYSTEM, prompt);
		logger.info("Model described database {} for user {} in {} ms", databaseId, ownerId, elapsedMs(started));
		return this.transactions.execute((status) -> {
			StoredDatabase current = owned(ownerId, databaseId);
			current.describeAsMachine(DescriptionPrompt.bounded(description));
			return current;
		});
	}

	/**
	 * Removes an account's files once its deletion commits; the cascade removes the rows.
	 * @param deletion the account being deleted
	 */
	@EventListener
	void onAccountDeletion(AccountDeletion deletion) {
		List<String> fileNames = this.databases.findFileNamesByOwnerId(deletion.userId());
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				fileNames.forEach(DatabaseService.this.files::delete);
				logger.info("Removed {} files of deleted user {}", fileNames.size(), deletion.userId());
			}
		});
	}

	/**
	 * Removes stored files that no row names: left by a crash between publishing a file
	 * and recording it, or between deleting a row and its file.
	 * @return how many files were removed
	 */
	public int sweepOrphans() {
		List<String> referenced = this.readOnly.execute((status) -> this.databases.findAllFileNames());
		int removed = this.files.sweepOrphans(new HashSet<>(referenced));
		if (removed > 0) {
			logger.warn("Removed {} orphaned upload files", removed);
		}
		return removed;
	}

	private static long elapsedMs(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000;
	}

}
