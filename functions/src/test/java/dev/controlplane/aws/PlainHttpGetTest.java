package dev.controlplane.aws;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain-HTTP GET client against a scripted server on 127.0.0.1: framing, keep-alive, stale connections, errors. */
class PlainHttpGetTest {

    private final Server server = new Server();
    private final PlainHttpGet http = new PlainHttpGet("127.0.0.1", server.port(), Duration.ofSeconds(2),
            Duration.ofMillis(800));

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    @Test
    void aRequestIsTheTargetAndHeadersWithHostAddedAndAnAnswerByLengthKeepsItsConnection() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Amz-Request-Id: r1\r\n\r\nhello", false);
        server.answer("HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nno!", false);

        PlainHttpGet.Response first = http.get("/bucket?list-type=2&prefix=a%2Fb", headers("Authorization", "x"));
        PlainHttpGet.Response second = http.get("/other", Map.of());

        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), UTF_8)).isEqualTo("hello");
        assertThat(first.headers()).containsEntry("x-amz-request-id", "r1");
        assertThat(second.status()).isEqualTo(404);
        assertThat(new String(second.body(), UTF_8)).isEqualTo("no!");
        assertThat(server.requests()).containsExactly(
                "GET /bucket?list-type=2&prefix=a%2Fb HTTP/1.1\r\nAuthorization: x\r\nHost: 127.0.0.1:"
                        + server.port() + "\r\n\r\n",
                "GET /other HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aChunkedAnswerIsJoinedPastExtensionsAndTrailersAndInterimAnswersAreSkipped() throws IOException {
        String big = "x".repeat(100_000); // more than the scratch buffer holds at first
        server.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n" + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n"
                + "0\r\nX-Trailer: t\r\n\r\n", false);
        server.answer("HTTP/1.1 204 No Content\r\n\r\n", false);

        PlainHttpGet.Response chunked = http.get("/c", Map.of());
        PlainHttpGet.Response empty = http.get("/d", Map.of());

        assertThat(chunked.status()).isEqualTo(200);
        assertThat(new String(chunked.body(), UTF_8)).isEqualTo("hello" + big);
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionAskedToCloseOrWithoutLengthIsNotReused() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na", true);
        server.answer("HTTP/1.0 200 OK\r\n\r\nuntil the end", true);
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc", false);

        assertThat(http.get("/1", Map.of()).body()).isEqualTo("a".getBytes(UTF_8));
        assertThat(http.get("/2", Map.of()).body()).isEqualTo("until the end".getBytes(UTF_8));
        assertThat(http.get("/3", Map.of()).body()).isEqualTo("c".getBytes(UTF_8));
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aKeptConnectionTheServerClosedWhileIdleIsReplacedAndTheRequestSentAgain() throws IOException {
        // The server promises keep-alive, then closes the connection once the answer is out.
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain", false);

        assertThat(new String(http.get("/first", Map.of()).body(), UTF_8)).isEqualTo("ok");
        server.awaitClosed(1);
        assertThat(new String(http.get("/second", Map.of()).body(), UTF_8)).isEqualTo("again");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aNewConnectionClosedBeforeAnyAnswerFailsNamingTheHost() {
        server.closeWithoutAnswer();

        assertThatThrownBy(() -> http.get("/x?q=1", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port() + "/x")
                .hasMessageContaining("closed before an answer");
    }

    @Test
    void silenceBeyondTheReadTimeoutFailsAndTheConnectionIsDropped() {
        server.stayQuiet();

        assertThatThrownBy(() -> http.get("/slow", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("no answer from 127.0.0.1:" + server.port() + " within 800 ms");
    }

    @Test
    void answersThatAreNotHttpAreRefusedNamingWhatWasWrong() {
        server.answer("SSH-2.0-OpenSSH\r\n\r\n", false);
        assertThatThrownBy(() -> http.get("/a", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("answered 'SSH-2.0-OpenSSH'; expected an HTTP/1.x status line");

        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false);
        assertThatThrownBy(() -> http.get("/b", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("malformed chunk size 'zz'");

        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true);
        assertThatThrownBy(() -> http.get("/c", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("ended 5 bytes early");

        server.answer("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", false);
        assertThatThrownBy(() -> http.get("/d", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("malformed header 'no colon here'");
    }

    @Test
    void aRefusedConnectionAndBadRequestsFailClearly() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (PlainHttpGet nowhere = new PlainHttpGet("127.0.0.1", closedPort, Duration.ofSeconds(1),
                Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> nowhere.get("/", Map.of())).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
        }
        assertThatThrownBy(() -> http.get("/a b", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request target '/a b'");
        assertThatThrownBy(() -> http.get("/a", Map.of("X-Bad", "v\r\nInjected: 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 'X-Bad'");
        assertThatThrownBy(() -> new PlainHttpGet("h", 0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
        http.close();
        assertThatThrownBy(() -> http.get("/a", Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThat(server.requests()).isEmpty();
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * A server on 127.0.0.1 that reads each request's head and sends the next scripted answer, closing the connection
     * after it when told to; with no answer left it closes the connection.
     */
    private static final class Server implements AutoCloseable {

        private record Answer(String text, boolean close, boolean quiet) {
        }

        private final ServerSocket socket;
        private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final Thread acceptor;

        Server() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = Thread.ofPlatform().daemon().start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        void answer(String text, boolean close) {
            answers.add(new Answer(text, close, false));
        }

        void closeWithoutAnswer() {
            answers.add(new Answer(null, true, false));
        }

        void stayQuiet() {
            answers.add(new Answer(null, false, true));
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        int connections() {
            return connections.get();
        }

        void awaitClosed(int count) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (closed.get() < count && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(closed.get()).isGreaterThanOrEqualTo(count);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    open.add(connection);
                    Thread.ofPlatform().daemon().start(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                while (true) {
                    Answer answer = answers.poll();
                    if (answer == null || answer.text() == null && answer.close()) {
                        return;
                    }
                    String head = head(in);
                    if (head == null) {
                        answers.add(answer);
                        return;
                    }
                    requests.add(head);
                    if (answer.quiet()) {
                        Thread.sleep(3_000);
                        return;
                    }
                    connection.getOutputStream().write(answer.text().getBytes(ISO_8859_1));
                    connection.getOutputStream().flush();
                    if (answer.close()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            } finally {
                closed.incrementAndGet();
            }
        }

        /** A request's head up to the empty line, or null at the end of the stream. */
        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                String text = head.toString(ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket connection : open) {
                    connection.close();
                }
            }
            acceptor.interrupt();
        }
    }
}
