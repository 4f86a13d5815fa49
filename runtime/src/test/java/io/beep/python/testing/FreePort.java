package io.beep.python.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port free at the time of asking, for the few places that must name a port before the server
 * starts (a dev-mode application, whose client is built with its URL; Quarkus' management interface).
 * Everywhere else use port 0. Fixed ports made two runs on one machine fail each other.
 */
public final class FreePort {

    private FreePort() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port: " + e.getMessage(), e);
        }
    }
}
