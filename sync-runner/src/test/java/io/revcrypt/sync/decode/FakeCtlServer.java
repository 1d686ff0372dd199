package io.revcrypt.sync.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for gocryptfs's control socket with the same framing: each request is taken from
 * a single {@code read()} of at most 5000 bytes, each answer is one JSON line. Answers
 * {@code DecryptPath} from a map of raw answer lines (e.g. captured from the real socket);
 * unknown paths get gocryptfs's ENOENT answer.
 */
final class FakeCtlServer implements AutoCloseable {

    static final String ENOENT = "{\"Result\":\"\",\"ErrNo\":2,\"ErrText\":\"no such file or directory\",\"WarnText\":\"\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;
    private final Map<String, String> answers;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    final List<String> reads = new CopyOnWriteArrayList<>();
    final AtomicInteger connectionCount = new AtomicInteger();
    volatile boolean closeAfterEachAnswer;
    volatile boolean silent;
    volatile String rawReply; // when set, sent instead of any answer (for protocol-error tests)

    FakeCtlServer(Path socket, Map<String, String> answers) throws IOException {
        this.socket = socket;
        this.answers = answers;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::acceptLoop, "fake-ctlsock-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                connections.add(connection);
                connectionCount.incrementAndGet();
                Thread serve = new Thread(() -> serve(connection), "fake-ctlsock-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            ByteBuffer buffer = ByteBuffer.allocate(5000);
            while (true) {
                buffer.clear();
                int n = connection.read(buffer); // ONE read per request, like gocryptfs
                if (n < 0 || n == 5000) {
                    return; // EOF, or a request too big: gocryptfs drops the connection
                }
                String request = new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
                reads.add(request);
                if (silent) {
                    continue;
                }
                String reply = rawReply != null ? rawReply : answer(request) + "\n";
                connection.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                if (closeAfterEachAnswer) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private String answer(String request) {
        JsonNode node;
        try {
            node = JSON.readTree(request);
        } catch (IOException e) {
            return "{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error\",\"WarnText\":\"\"}";
        }
        JsonNode decrypt = node.get("DecryptPath");
        if (decrypt == null) {
            return "{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"Empty input\",\"WarnText\":\"\"}";
        }
        return answers.getOrDefault(decrypt.asText(), ENOENT);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
        Files.deleteIfExists(socket);
    }
}
