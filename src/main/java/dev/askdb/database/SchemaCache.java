package dev.askdb.database;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.askdb.sql.DatabaseSchema;
import dev.askdb.sql.SchemaReader;

import org.springframework.stereotype.Component;

/**
 * Keeps the schemas of recently used databases; stored uploads never change, so a schema
 * read once stays true until its database is deleted.
 */
@Component
class SchemaCache {

	private static final int MAX_ENTRIES = 64;

	private final SchemaReader reader;

	private final Map<Path, DatabaseSchema> schemas = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Path, DatabaseSchema> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	SchemaCache(SchemaReader reader) {
		this.reader = reader;
	}

	DatabaseSchema read(Path file) {
		synchronized (this.schemas) {
			DatabaseSchema cached = this.schemas.get(file);
			if (cached != null) {
				return cached;
			}
		}
		DatabaseSchema schema = this.reader.read(file);
		synchronized (this.schemas) {
			this.schemas.put(file, schema);
		}
		return schema;
	}

	void forget(Path file) {
		synchronized (this.schemas) {
			this.schemas.remove(file);
		}
	}

}
