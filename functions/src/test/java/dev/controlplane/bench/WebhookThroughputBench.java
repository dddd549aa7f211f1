package dev.controlplane.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.controlplane.domain.github.DeliveryLedger;
import dev.controlplane.domain.github.DeliveryIdentity;
import dev.controlplane.domain.github.WebhookSecretSource;
import dev.controlplane.domain.github.WebhookSignature;
import dev.controlplane.domain.PromoteArtifactStarter;
import dev.controlplane.handlers.GitHubWebhookHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook handler in-process and warm: signed push deliveries to the default branch (each with its own
 * {@code X-GitHub-Delivery} id and payload, re-signed, so each one is looked up, started and recorded) through {@link GitHubWebhookHandler}
 * with in-memory secret source, ledger and starter. Prints one JSON line per timed round: deliveries/s and
 * p50 / p99 / max latency in µs. Log lines are serialised as in Lambda and written to a null stream.
 *
 * <p>Usage: {@code WebhookThroughputBench EVENTS_DIR [DELIVERIES_PER_ROUND] [WARMUP_DELIVERIES] [ROUNDS]}
 */
public final class WebhookThroughputBench {

    /** One timed round. */
    public record Round(int deliveries, double seconds, double deliveriesPerSecond, double p50Micros, double p99Micros,
            double maxMicros) {
        String json() {
            return String.format(java.util.Locale.ROOT,
                    "{\"deliveries\":%d,\"seconds\":%.4f,\"deliveries_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}",
                    deliveries, seconds, deliveriesPerSecond, p50Micros, p99Micros, maxMicros);
        }
    }

    private final GitHubWebhookHandler handler;
    private final APIGatewayV2HTTPEvent sample;
    private final byte[] secret;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private int started;
    private int next;

    WebhookThroughputBench(Path eventsDir) throws IOException {
        this.secret = SampleEvents.webhookSecret(eventsDir);
        Path file = eventsDir.resolve("github-push-merge.json");
        this.sample = SampleEvents.webhook(file, "check");
        String signature = WebhookSignature.sign(secret, sample.getBody().getBytes(StandardCharsets.UTF_8));
        if (!signature.equals(sample.getHeaders().get("x-hub-signature-256"))) {
            throw new IllegalStateException(file + ": x-hub-signature-256 is not the HMAC of the body with the sample secret");
        }
        this.handler = new GitHubWebhookHandler(new FixedSecret(secret), new MemoryLedger(), new CountingStarter());
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: WebhookThroughputBench EVENTS_DIR [DELIVERIES_PER_ROUND] [WARMUP_DELIVERIES] [ROUNDS]");
            System.exit(2);
        }
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        WebhookThroughputBench bench = new WebhookThroughputBench(Path.of(args[0]));
        PrintStream report = System.out;
        // The handler's log lines are built and serialised as in Lambda; only the sink is silenced.
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            bench.run(warmup);
            for (int round = 0; round < rounds; round++) {
                report.println(bench.run(perRound).json());
            }
        } finally {
            System.setOut(report);
        }
    }

    /** Times {@code n} fresh signed deliveries; every one must be answered 202 "started". */
    Round run(int n) {
        APIGatewayV2HTTPEvent[] events = new APIGatewayV2HTTPEvent[n];
        for (int i = 0; i < n; i++) {
            events[i] = SampleEvents.distinctDelivery(sample, "bench-" + (next++), secret);
        }
        long[] nanos = new long[n];
        int startedBefore = started;
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(events[i], null);
            nanos[i] = System.nanoTime() - t0;
            if (response.getStatusCode() != 202) {
                throw new IllegalStateException("delivery " + i + " was answered " + response.getStatusCode() + ": " + response.getBody());
            }
        }
        long total = System.nanoTime() - begin;
        if (started - startedBefore != n) {
            throw new IllegalStateException((started - startedBefore) + " of " + n + " deliveries started an execution");
        }
        Arrays.sort(nanos);
        double seconds = total / 1e9;
        return new Round(n, seconds, n / seconds, percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.99) / 1e3,
                nanos[n - 1] / 1e3);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private record FixedSecret(byte[] secret) implements WebhookSecretSource {
        @Override
        public byte[] current() {
            return secret;
        }

        @Override
        public Optional<byte[]> rereadAfterMismatch() {
            return Optional.empty();
        }
    }

    private final class MemoryLedger implements DeliveryLedger {
        @Override
        public boolean seen(DeliveryIdentity delivery) {
            return recorded.contains(delivery.deliveryId()) || recorded.contains(delivery.payloadDigest());
        }

        @Override
        public void record(DeliveryIdentity delivery, String repository) {
            recorded.add(delivery.deliveryId());
            recorded.add(delivery.payloadDigest());
        }
    }

    private final class CountingStarter implements PromoteArtifactStarter {
        @Override
        public StartedExecution start(String name, String input) {
            started++;
            return new StartedExecution(name, "arn:aws:states:us-east-1:123456789012:execution:promote-artifact:" + name, false);
        }
    }
}
