package dev.askdb.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatExecutorTests {

	@Test
	void usesVirtualThreadsOnlyWhereTheRuntimeHasThem() throws Exception {
		ChatExecutor executor = new ChatExecutor(ChatProperties.defaults("http://localhost"));

		String thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), executor)
			.get(5, TimeUnit.SECONDS);

		assertThat(executor.usesVirtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
		if (!executor.usesVirtualThreads()) {
			assertThat(thread).startsWith("askdb-chat-");
		}
		executor.destroy();
	}

}
