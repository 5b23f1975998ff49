package dev.askdb.store;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Reports the data folder as healthy when uploads can be written there.
 */
@Component("dataFolder")
class DataFolderHealthIndicator extends AbstractHealthIndicator {

	private final DataFolder dataFolder;

	DataFolderHealthIndicator(DataFolder dataFolder) {
		super("The data folder is not usable");
		this.dataFolder = dataFolder;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Path uploads = this.dataFolder.uploads();
		Path probe = Files.createTempFile(uploads, ".health-", ".tmp");
		Files.delete(probe);
		builder.up();
	}

}
