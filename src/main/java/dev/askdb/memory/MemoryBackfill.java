package dev.askdb.memory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Embeds messages that have no vector (rows from before memory existed, or messages lost
 * to a crash or a full queue) in bounded batches on one background thread: from start-up
 * until none are left, then once per interval.
 */
class MemoryBackfill {

	private static final Logger logger = LoggerFactory.getLogger(MemoryBackfill.class);

	private static final long BUSY_PAUSE_MILLIS = 200;

	private final MessageMemory memory;

	private final MemoryProperties properties;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "memory-backfill");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		return thread;
	});

	MemoryBackfill(MessageMemory memory, MemoryProperties properties) {
		this.memory = memory;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (this.properties.enabled()) {
			this.scheduler.execute(this::warmUp);
			this.scheduler.execute(this::round);
		}
	}

	void shutdown() {
		this.scheduler.shutdownNow();
	}

	private void warmUp() {
		try {
			this.memory.warmUp();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not load the embedding model; messages will not be recalled until it loads", ex);
		}
	}

	/**
	 * Runs one batch, and the next one soon when the batch was full, else after the
	 * interval.
	 */
	private void round() {
		long pause = this.properties.backfillInterval().toMillis();
		try {
			int batch = this.properties.backfillBatchSize();
			if (this.memory.backfill(batch) >= batch) {
				pause = BUSY_PAUSE_MILLIS;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Embedding backfill failed; retrying in {} ms", pause, ex);
		}
		try {
			this.scheduler.schedule(this::round, pause, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Embedding backfill stopped");
		}
	}

}
