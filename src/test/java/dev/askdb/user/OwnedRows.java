package dev.askdb.user;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts the rows in the metadata store that belong to an account, directly or through
 * its databases and conversations.
 */
final class OwnedRows {

	private OwnedRows() {
	}

	static long count(DataSource dataSource, long userId) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		return jdbc.sql("""
				select (select count(*) from users where id = :id)
				     + (select count(*) from databases where owner_id = :id)
				     + (select count(*) from conversations where owner_id = :id)
				     + (select count(*) from messages m join conversations c on c.id = m.conversation_id
				        where c.owner_id = :id)
				     + (select count(*) from messages m where not exists
				           (select 1 from conversations c where c.id = m.conversation_id))
				""").param("id", userId).query(Long.class).single();
	}

	static long messages(DataSource dataSource, long conversationId) {
		return JdbcClient.create(dataSource)
			.sql("select count(*) from messages where conversation_id = ?")
			.param(conversationId)
			.query(Long.class)
			.single();
	}

}
