package dev.askdb;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the feature packages' dependencies pointing one way: conversation on top, then
 * database, chat, user, and at the bottom sql, memory, security, store and web.
 */
class PackageBoundariesTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.askdb");

	@Test
	void featurePackagesFormNoCycles() {
		slices().matching("dev.askdb.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void sqlWebStoreAndMemoryUseNoOtherFeature() {
		for (String leaf : new String[] { "sql", "web", "store", "memory" }) {
			// Problem documents (web) are shared vocabulary, not a feature.
			rule(leaf, "user", "database", "conversation", "chat", "security", "sql", "store", "memory").check(classes);
		}
		rule("web", "sql", "store", "memory").check(classes);
	}

	@Test
	void chatNeverReachesUp() {
		rule("chat", "user", "database", "conversation").check(classes);
	}

	@Test
	void databaseNeverReachesIntoConversations() {
		rule("database", "conversation").check(classes);
	}

	@Test
	void accountsAndSecurityNeverReachIntoData() {
		rule("user", "database", "conversation", "chat", "sql", "memory").check(classes);
		rule("security", "user", "database", "conversation", "chat", "sql", "memory").check(classes);
	}

	private static ArchRule rule(String from, String... forbidden) {
		String[] packages = java.util.Arrays.stream(forbidden)
			.filter((name) -> !name.equals(from))
			.map((name) -> "dev.askdb." + name + "..")
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage("dev.askdb." + from + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(packages)
			.allowEmptyShould(true);
	}

}
