package dev.askdb.conversation;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the recall of earlier messages beside the rest of a question's preparation, on a
 * few threads of its own so that it never queues behind long work.
 *
 * <p>
 * A recall that finds every thread busy and the short queue full, or that comes after
 * shutdown, runs on the calling thread: it is then as if there were no pool, never lost.
 */
@Component
class RecallPool implements Executor, DisposableBean {

	private static final int QUEUE = 32;

	private final ThreadPoolExecutor pool;

	RecallPool() {
		this(Math.max(2, Runtime.getRuntime().availableProcessors()));
	}

	RecallPool(int threads) {
		AtomicInteger count = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
				(task) -> {
					Thread thread = new Thread(task, "askdb-recall-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, (task, executor) -> task.run());
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable task) {
		this.pool.execute(task);
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}
