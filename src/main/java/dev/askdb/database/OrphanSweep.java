package dev.askdb.database;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Sweeps the uploads folder for files without a row once at start-up, after a crash is
 * the likeliest to have left one.
 */
@Component
class OrphanSweep implements ApplicationRunner {

	private final DatabaseService databases;

	OrphanSweep(DatabaseService databases) {
		this.databases = databases;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.databases.sweepOrphans();
	}

}
