package dev.aslengine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopbackGuardTest {
    private final LoopbackGuard guard = new LoopbackGuard(8750).allowOrigins(LoopbackGuard.originsOf(8753));

    private static Headers headers(Map<String, String> values) {
        Headers h = new Headers();
        values.forEach(h::add);
        return h;
    }

    private Optional<String> refusal(Map<String, String> values) {
        return guard.check(headers(values)).map(r -> r.status() + " " + r.code());
    }

    @Test
    void loopbackNamesAtTheServersPortAreServed() {
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750"))).isEmpty();
        assertThat(refusal(Map.of("Host", "LOCALHOST:8750"))).isEmpty();
        assertThat(refusal(Map.of("Host", "[::1]:8750"))).isEmpty();
    }

    @Test
    void aForeignHostOrAnotherPortIsMisdirected() {
        assertThat(refusal(Map.of("Host", "evil.example:8750"))).contains("421 MisdirectedRequest");
        assertThat(refusal(Map.of("Host", "127.0.0.1.evil.example:8750"))).contains("421 MisdirectedRequest");
        assertThat(refusal(Map.of("Host", "127.0.0.1:9999"))).contains("421 MisdirectedRequest");
        assertThat(refusal(Map.of())).as("no Host at all").contains("421 MisdirectedRequest");
        assertThat(guard.check(headers(Map.of("Host", "evil.example")))).get().extracting(LoopbackGuard.Refusal::message)
                .asString().contains("'evil.example'").contains("127.0.0.1:8750");
    }

    @Test
    void aPageOfAnotherOriginIsRefusedAndTheConsolesOwnIsNot() {
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Origin", "https://evil.example"))).contains("403 CrossOriginRequestRefused");
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Origin", "null"))).contains("403 CrossOriginRequestRefused");
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Origin", "http://127.0.0.1:8754"))).as("another local port")
                .contains("403 CrossOriginRequestRefused");
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Origin", "http://127.0.0.1:8753"))).isEmpty();
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Origin", "http://localhost:8753"))).isEmpty();
    }

    @Test
    void aCrossSiteFetchWithoutOriginIsRefused() {
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Sec-Fetch-Site", "cross-site"))).contains("403 CrossOriginRequestRefused");
        assertThat(refusal(Map.of("Host", "127.0.0.1:8750", "Sec-Fetch-Site", "none"))).as("typed in the address bar").isEmpty();
    }
}
