package dev.askdb.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.ServerSocketFactory;

import okhttp3.mockwebserver.MockWebServer;

/**
 * Server sockets whose connections send without Nagle's delay, as a real provider's do:
 * without it a fake model holds every reply back by the receiver's delayed
 * acknowledgement (about 40 ms on Linux), and measures that instead of the server.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {

	/**
	 * Makes a fake server's connections send at once; call it before starting the server.
	 * @param server the server
	 * @return the server
	 */
	public static MockWebServer applyTo(MockWebServer server) {
		server.setServerSocketFactory(new NoDelayServerSockets());
		return server;
	}

	@Override
	public ServerSocket createServerSocket() throws IOException {
		return new NoDelayServerSocket();
	}

	@Override
	public ServerSocket createServerSocket(int port) throws IOException {
		ServerSocket socket = new NoDelayServerSocket();
		socket.bind(new InetSocketAddress(port));
		return socket;
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog) throws IOException {
		ServerSocket socket = new NoDelayServerSocket();
		socket.bind(new InetSocketAddress(port), backlog);
		return socket;
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
		ServerSocket socket = new NoDelayServerSocket();
		socket.bind(new InetSocketAddress(address, port), backlog);
		return socket;
	}

	private static final class NoDelayServerSocket extends ServerSocket {

		NoDelayServerSocket() throws IOException {
		}

		@Override
		public Socket accept() throws IOException {
			Socket socket = super.accept();
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
