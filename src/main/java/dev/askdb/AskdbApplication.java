package dev.askdb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts askdb: a service that answers questions about uploaded SQLite databases.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AskdbApplication {

	public static void main(String[] args) {
		SpringApplication.run(AskdbApplication.class, args);
	}

}
