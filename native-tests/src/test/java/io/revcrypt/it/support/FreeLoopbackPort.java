package io.revcrypt.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: bind port 0, read what the kernel chose,
 * release it. Another process may take it before we use it; callers retry on "address in use".
 */
final class FreeLoopbackPort {

    private FreeLoopbackPort() {}

    static int find() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
