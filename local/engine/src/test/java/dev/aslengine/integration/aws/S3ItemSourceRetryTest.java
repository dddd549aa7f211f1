package dev.aslengine.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.testsupport.IntegrationTest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Map's own S3 calls survive a connection dropped before S3 answered, as Step Functions' do. */
@IntegrationTest
class S3ItemSourceRetryTest {

    private HttpServer server;
    private final AtomicInteger puts = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();
    private volatile int dropFirst;
    private volatile int cutFirstGets;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if (exchange.getRequestMethod().equals("PUT") && puts.incrementAndGet() <= dropFirst) {
                exchange.close();  // no status line: the client sees the connection end
                return;
            }
            if (exchange.getRequestMethod().equals("GET")) {
                byte[] items = "[{\"id\": 1}, {\"id\": 2}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (gets.incrementAndGet() <= cutFirstGets) {
                    // The status and headers, then half the body and the connection ends.
                    exchange.sendResponseHeaders(200, items.length);
                    exchange.getResponseBody().write(items, 0, items.length / 2);
                    exchange.getResponseBody().flush();
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, items.length);
                exchange.getResponseBody().write(items);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"0123456789abcdef0123456789abcdef\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private S3ItemSource source() {
        return new S3ItemSource(new AwsServiceIntegration(AwsEndpoints.local(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()))));
    }

    @Test
    void aResultWriteWhoseConnectionDropsIsTriedAgain() {
        dropFirst = 2;

        var details = source().writeResults(Json.object().put("Bucket", "results").put("Prefix", "runs"),
                "arn:aws:states:us-east-1:123456789012:mapRun:m/Copy:abc", List.of(Json.object()), List.of());

        assertThat(details.path("Key").asText()).isEqualTo("runs/abc/manifest.json");
        assertThat(puts.get()).isEqualTo(4);  // SUCCEEDED_0.json after two drops, then manifest.json
    }

    @Test
    void aConnectionThatKeepsDroppingIsResultWriterFailed() {
        dropFirst = 100;

        assertThatThrownBy(() -> source().writeResults(Json.object().put("Bucket", "results"),
                "arn:aws:states:us-east-1:123456789012:mapRun:m/Copy:abc", List.of(Json.object()), List.of()))
                .isInstanceOf(StatesError.class)
                .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo("States.ResultWriterFailed"));
        assertThat(puts.get()).isEqualTo(3);
    }

    @Test
    void anItemsFileWhoseAnswerIsCutShortIsReadAgain() {
        cutFirstGets = 2;

        var items = source().readItems(S3ItemSource.GET_OBJECT, null,
                Json.object().put("Bucket", "plans").put("Key", "run/batches.json"));

        assertThat(items).hasSize(2);
        assertThat(gets.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anItemsFileThatIsAlwaysCutShortIsItemReaderFailedNotARuntimeError() {
        cutFirstGets = 1_000;

        assertThatThrownBy(() -> source().readItems(S3ItemSource.GET_OBJECT, null,
                Json.object().put("Bucket", "plans").put("Key", "run/batches.json")))
                .isInstanceOf(StatesError.class)
                .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo("States.ItemReaderFailed"));
    }
}
