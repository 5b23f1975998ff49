package dev.askdb.chat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelClientsTests {

	@Test
	void socketsToTheProviderSendWithoutNaglesDelay() throws Exception {
		ModelClients.NoDelaySocketFactory factory = new ModelClients.NoDelaySocketFactory();
		try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
				Socket unconnected = factory.createSocket();
				Socket connected = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket byName = factory.createSocket("localhost", server.getLocalPort())) {

			assertThat(unconnected.getTcpNoDelay()).isTrue();
			assertThat(connected.getTcpNoDelay()).isTrue();
			assertThat(byName.getTcpNoDelay()).isTrue();
		}
	}

}
