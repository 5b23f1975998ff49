package dev.askdb.chat;

import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Holds the one HTTP client to the provider and hands out per-user views of it that share
 * its connection pool.
 */
@Component
class ModelClients implements DisposableBean {

	/**
	 * Stands in for a key on the shared client, which never calls the provider itself.
	 */
	private static final String NO_KEY = "askdb-no-key";

	private final OpenAIClient shared;

	private final ChatProperties properties;

	ModelClients(ChatProperties properties) {
		this.properties = properties;
		this.shared = OpenAIOkHttpClient.builder()
			.baseUrl(properties.baseUrl())
			.apiKey(NO_KEY)
			.timeout(timeout(properties.totalTimeout().toMillis()))
			.maxRetries(properties.maxRetries())
			.build();
	}

	/**
	 * Gives a client that sends the user's key and shares the pooled connections.
	 * @param apiKey the user's decrypted key, for this call only
	 * @return a client to use for this call and drop
	 */
	OpenAIClient forKey(String apiKey) {
		return this.shared.withOptions((options) -> options.apiKey(apiKey));
	}

	/**
	 * Gives request options whose whole-call limit is what is left of an exchange's time.
	 * @param remainingMillis the time left
	 * @return options for the next call
	 */
	RequestOptions options(long remainingMillis) {
		return RequestOptions.builder().timeout(timeout(remainingMillis)).build();
	}

	private Timeout timeout(long requestMillis) {
		return Timeout.builder()
			.connect(this.properties.connectTimeout())
			.read(this.properties.readTimeout())
			.write(this.properties.readTimeout())
			.request(Duration.ofMillis(requestMillis))
			.build();
	}

	@Override
	public void destroy() {
		this.shared.close();
	}

}
