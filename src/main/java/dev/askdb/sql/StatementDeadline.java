package dev.askdb.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.ProgressHandler;

/**
 * A time limit on one connection that interrupts whatever statement is running once it
 * has passed, through SQLite's progress callback.
 */
final class StatementDeadline implements AutoCloseable {

	/** Virtual machine steps between two looks at the clock. */
	private static final int STEPS_BETWEEN_CHECKS = 1000;

	private final Connection connection;

	private final long deadlineNanos;

	private volatile boolean expired;

	private StatementDeadline(Connection connection, Duration limit) {
		this.connection = connection;
		this.deadlineNanos = System.nanoTime() + limit.toNanos();
	}

	/**
	 * Starts a limit on the connection; close it to lift the limit.
	 * @param connection a connection from {@link UploadedDatabaseOpener}
	 * @param limit how long statements may run from now
	 * @return the running deadline
	 * @throws SQLException when the callback cannot be installed
	 */
	static StatementDeadline start(Connection connection, Duration limit) throws SQLException {
		StatementDeadline deadline = new StatementDeadline(connection, limit);
		ProgressHandler.setHandler(connection, STEPS_BETWEEN_CHECKS, new ProgressHandler() {
			@Override
			protected int progress() {
				return deadline.checkExpired() ? 1 : 0;
			}
		});
		return deadline;
	}

	private boolean checkExpired() {
		if (!this.expired && System.nanoTime() - this.deadlineNanos > 0) {
			this.expired = true;
		}
		return this.expired;
	}

	/**
	 * Tells whether the limit has passed and a statement was (or will be) interrupted.
	 * @return whether the time is up
	 */
	boolean expired() {
		return checkExpired();
	}

	@Override
	public void close() throws SQLException {
		if (!this.connection.isClosed()) {
			ProgressHandler.clearHandler(this.connection);
		}
	}

}
