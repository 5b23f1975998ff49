package dev.askdb.chat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs streamed exchanges off the request thread: on virtual threads where the runtime
 * has them (Java 21+), else on a bounded pool of platform threads.
 *
 * <p>
 * The bounded pool refuses work beyond its queue with a
 * {@link java.util.concurrent.RejectedExecutionException}, which callers should answer as
 * "busy".
 */
@Component
public class ChatExecutor implements Executor, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ChatExecutor.class);

	private final ExecutorService delegate;

	private final boolean virtualThreads;

	public ChatExecutor(ChatProperties properties) {
		ExecutorService virtual = virtualThreadExecutor();
		this.virtualThreads = virtual != null;
		this.delegate = (virtual != null) ? virtual : boundedPool(properties.maxConcurrentExchanges());
		logger.info("Chat exchanges run on {}", this.virtualThreads ? "virtual threads"
				: "a pool of " + properties.maxConcurrentExchanges() + " platform threads");
	}

	private static @Nullable ExecutorService virtualThreadExecutor() {
		try {
			Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) factory.invoke(null);
		}
		catch (ReflectiveOperationException | RuntimeException notAvailable) {
			return null;
		}
	}

	private static ExecutorService boundedPool(int threads) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(threads * 4), new NamedThreads(), new ThreadPoolExecutor.AbortPolicy());
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(task);
	}

	/**
	 * Says which kind of thread runs exchanges.
	 * @return whether virtual threads are used
	 */
	public boolean usesVirtualThreads() {
		return this.virtualThreads;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.delegate.shutdown();
		if (!this.delegate.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
			logger.warn("Chat exchanges still running at shutdown were interrupted");
			this.delegate.shutdownNow();
		}
	}

	/**
	 * Names pool threads so that thread dumps show what they are for.
	 */
	private static final class NamedThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "askdb-chat-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
