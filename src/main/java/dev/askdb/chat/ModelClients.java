package dev.askdb.chat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import javax.net.SocketFactory;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import okhttp3.OkHttpClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Holds the one HTTP client to the provider and hands out per-user views of it that share
 * its connection pool.
 *
 * <p>
 * The client's sockets send without Nagle's delay: a prompt of a few thousand tokens is
 * written in several segments, and with the delay the last one waits for the
 * acknowledgement of the first, which the receiver holds back for up to 40 ms.
 */
@Component
class ModelClients implements DisposableBean {

	/**
	 * Stands in for a key on the shared client, which never calls the provider itself.
	 */
	private static final String NO_KEY = "askdb-no-key";

	private final OkHttpClient transport;

	private final OpenAIClient shared;

	private final ChatProperties properties;

	ModelClients(ChatProperties properties) {
		this.properties = properties;
		this.transport = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.callTimeout(properties.totalTimeout())
			.build();
		this.shared = OpenAIOkHttpClient.builder()
			.okHttpClient(this.transport)
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
		this.transport.dispatcher().executorService().shutdown();
		this.transport.connectionPool().evictAll();
	}

	/**
	 * Makes plain sockets (under TLS too, which is layered on them) with
	 * {@code TCP_NODELAY} set.
	 */
	static final class NoDelaySocketFactory extends SocketFactory {

		private final SocketFactory sockets = SocketFactory.getDefault();

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(this.sockets.createSocket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(this.sockets.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(this.sockets.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(this.sockets.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return noDelay(this.sockets.createSocket(address, port, localAddress, localPort));
		}

		private static Socket noDelay(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
