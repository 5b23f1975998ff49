package dev.askdb.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import dev.askdb.security.CurrentUser;
import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.QueryResult;
import dev.askdb.web.PageResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploaded databases: upload, list, read, rename, delete, schema, description and
 * read-only queries.
 */
@RestController
@RequestMapping("/api/databases")
class DatabaseController {

	private final DatabaseService databases;

	DatabaseController(DatabaseService databases) {
		this.databases = databases;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DatabaseResponse> upload(@AuthenticationPrincipal CurrentUser user,
			@RequestPart("file") MultipartFile file,
			@RequestParam(name = "name", required = false) @Size(max = 200,
					message = "must be at most 200 characters") @Nullable String name,
			@RequestParam(name = "description", required = false) @Size(max = 10000,
					message = "must be at most 10000 characters") @Nullable String description) {
		StoredDatabase database;
		try {
			database = this.databases.upload(user.id(), file.getInputStream(), displayName(name, file),
					(description == null || description.isBlank()) ? null : description.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The upload could not be read", ex);
		}
		return ResponseEntity.created(URI.create("/api/databases/" + database.getId()))
			.body(DatabaseResponse.of(database));
	}

	@GetMapping
	PageResponse<DatabaseResponse> list(@AuthenticationPrincipal CurrentUser user,
			@RequestParam(defaultValue = "0") @Min(value = 0, message = "must be 0 or more") int page,
			@RequestParam(defaultValue = "20") @Min(value = 1, message = "must be 1 to 100") @Max(value = 100,
					message = "must be 1 to 100") int size) {
		return PageResponse.of(this.databases.list(user.id(), page, size), DatabaseResponse::of);
	}

	@GetMapping("/{id}")
	DatabaseResponse get(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		return DatabaseResponse.of(this.databases.get(user.id(), id));
	}

	@PatchMapping("/{id}")
	DatabaseResponse update(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@Valid @RequestBody DatabaseUpdate update) {
		return DatabaseResponse.of(this.databases.update(user.id(), id, update.name(), update.userDescription()));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		this.databases.delete(user.id(), id);
	}

	@GetMapping("/{id}/schema")
	DatabaseSchema schema(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		return this.databases.schema(this.databases.get(user.id(), id));
	}

	@PostMapping("/{id}/description")
	DatabaseResponse describe(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		return DatabaseResponse.of(this.databases.describeWithModel(user.id(), id));
	}

	@PostMapping("/{id}/query")
	QueryResult query(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@Valid @RequestBody QueryRequest request) {
		return this.databases.query(user.id(), id, request.sql(), request.maxRows());
	}

	private static String displayName(@Nullable String name, MultipartFile file) {
		if (name != null && !name.isBlank()) {
			return name.strip();
		}
		String original = file.getOriginalFilename();
		if (original == null) {
			return "Untitled database";
		}
		String base = original.replace('\\', '/');
		base = base.substring(base.lastIndexOf('/') + 1).replaceFirst("(?i)\\.(sqlite3?|db3?|gpkg)$", "").strip();
		base = base.replaceAll("\\p{Cntrl}", "");
		if (base.isEmpty() || base.chars().allMatch((c) -> c == '.')) {
			return "Untitled database";
		}
		return (base.length() > 200) ? base.substring(0, 200) : base;
	}

	/**
	 * A database as the API shows it.
	 *
	 * @param id the database id
	 * @param name the display name
	 * @param userDescription what the owner wrote
	 * @param machineDescription what the server wrote
	 * @param createdAt when it was uploaded
	 * @param sizeBytes the file's size
	 * @param tableCount the user's tables in it
	 */
	record DatabaseResponse(long id, String name, @Nullable String userDescription, @Nullable String machineDescription,
			Instant createdAt, long sizeBytes, int tableCount) {

		static DatabaseResponse of(StoredDatabase database) {
			return new DatabaseResponse(database.getId(), database.getName(), database.getUserDescription(),
					database.getMachineDescription(), database.getCreatedAt(), database.getSizeBytes(),
					database.getTableCount());
		}

	}

	/**
	 * A change of name or description; absent fields stay as they are, a blank
	 * description clears it.
	 *
	 * @param name the new name
	 * @param userDescription the new description
	 */
	record DatabaseUpdate(
			@Size(min = 1, max = 200, message = "must be 1 to 200 characters") @Pattern(regexp = ".*\\S.*",
					message = "must not be blank") @Nullable String name,
			@Size(max = 10000, message = "must be at most 10000 characters") @Nullable String userDescription) {
	}

	/**
	 * One read-only statement to run.
	 *
	 * @param sql the statement
	 * @param maxRows the most rows wanted, capped by the server's limit
	 */
	record QueryRequest(@NotBlank(message = "is required") String sql,
			@Min(value = 1, message = "must be at least 1") @Nullable Integer maxRows) {
	}

}
