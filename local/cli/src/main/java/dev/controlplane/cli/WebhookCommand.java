package dev.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.domain.github.WebhookSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code controlplane webhook send FILE}: a GitHub delivery posted to a running {@code controlplane up}'s webhook
 * route, signed as GitHub signs it with the secret that {@code up} holds (read through its Secrets Manager endpoint,
 * as the webhook function reads it), so the samples of {@code events/} (signed with the sample secret) verify there.
 * FILE is either an HTTP API event (the samples: its body, {@code X-GitHub-Event} and {@code X-GitHub-Delivery}) or a
 * payload alone ({@code --event} names it, the delivery id is new).
 */
final class WebhookCommand {
    static final String USAGE = "usage: controlplane webhook send FILE.json [--event NAME] [--delivery ID] [--data DIR]";

    private WebhookCommand() {}

    /** The command line of {@code webhook}. */
    static CommandParser.Spec<?> cli() {
        return CommandParser.group("webhook", USAGE, "GitHub deliveries to a running controlplane up.",
                CommandParser.command("send", USAGE, "Posts a GitHub delivery to the running up's webhook route, signed with the"
                                + " secret that up holds; prints the answer, exit 0 when it is 2xx.", Send::new)
                        .arguments("FILE.json", 1, "an HTTP API event such as events/github-push-merge.json (its body, event and"
                                + " delivery id), or a payload alone with --event")
                        .option("--event", "NAME", "the event's name (push, release, delete, ping)")
                        .option("--delivery", "ID", "the delivery id (default: the event's, else a new one)")
                        .runningUpData());
    }

    /** What {@code webhook send} is asked. */
    static final class Send implements CommandParser.Command {
        final Path file;
        final String event;
        final String delivery;
        final Path data;

        Send(CommandParser.Values v) {
            file = v.arguments().isEmpty() ? null : Path.of(v.arguments().get(0));
            event = v.last("--event");
            delivery = v.last("--delivery");
            data = v.path("--data", Path.of(".controlplane", "data"));
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            if (file == null) throw new Main.UsageException("webhook send needs the delivery's FILE.json; " + USAGE);
            return WebhookCommand.run(new Options(file, event, delivery, data), out, err);
        }
    }

    /** What to send, and to which running up. */
    record Options(Path file, String event, String delivery, Path dataDir) {}

    /** A delivery as GitHub would make it: the event's name, its id and the payload's exact bytes. */
    record Delivery(String event, String id, byte[] body) {
        /** From an HTTP API event ({@code headers} and {@code body}) or from a payload alone. */
        static Delivery of(Path file, String event, String id) {
            JsonNode json;
            try {
                json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new Main.UsageException(file + " does not exist");
            } catch (IOException e) {
                throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(file + " is not valid JSON: " + e.getMessage());
            }
            if (json.path("headers").isObject() && json.path("body").isTextual()) {
                String body = json.get("body").textValue();
                byte[] bytes;
                try {
                    bytes = json.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException(file + ": isBase64Encoded is true but body is not base64 (" + e.getMessage() + ")");
                }
                String eventHeader = header(json.get("headers"), "x-github-event");
                if (event == null && eventHeader == null) {
                    throw new Main.UsageException(file + ": the event has no X-GitHub-Event header; pass --event NAME (push, release, delete, ping)");
                }
                String idHeader = header(json.get("headers"), "x-github-delivery");
                return new Delivery(event != null ? event : eventHeader, id != null ? id : idHeader != null ? idHeader : UUID.randomUUID().toString(), bytes);
            }
            if (event == null) {
                throw new Main.UsageException(file + " is a payload, not an HTTP API event with headers and body: pass --event NAME (push, release, delete, ping)");
            }
            try {
                return new Delivery(event, id != null ? id : UUID.randomUUID().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
            }
        }

        private static String header(JsonNode headers, String name) {
            for (var it = headers.properties().iterator(); it.hasNext(); ) {
                var h = it.next();
                if (h.getKey().equalsIgnoreCase(name) && h.getValue().isTextual()) return h.getValue().textValue();
            }
            return null;
        }
    }

    /** Where the running up listens, from the {@code endpoints.json} it writes into its data folder. */
    record RunningUp(URI aws, String region, URI webhook, String webhookSecretId) {
        static RunningUp find(Path dataDir) {
            Path file = dataDir.resolve("endpoints.json");
            JsonNode json;
            try {
                json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new Main.UsageException("no running controlplane up: " + file + " does not exist (start ./controlplane up,"
                        + " or pass --data with the data folder of the one running)");
            } catch (IOException | IllegalArgumentException e) {
                throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
            }
            if (!json.hasNonNull("webhook") || !json.hasNonNull("webhookSecretId")) {
                throw new Main.UsageException("the controlplane up of " + file + " serves no GitHub webhook route (its template has"
                        + " no function with WEBHOOK_SECRET_ID and an HTTP API event), or is older than this command: restart it");
            }
            return new RunningUp(URI.create(json.path("aws").asText()), json.path("region").asText(), URI.create(json.get("webhook").asText()),
                    json.get("webhookSecretId").asText());
        }
    }

    static int run(Options options, PrintStream out, PrintStream err) {
        Delivery delivery = Delivery.of(options.file(), options.event(), options.delivery());
        RunningUp up = RunningUp.find(options.dataDir());
        Map<String, String> client = Map.of("AWS_ENDPOINT_URL", up.aws().toString(), "AWS_REGION", up.region(),
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");
        byte[] secret;
        try (SecretsManagerClient secrets = AwsClientConfig.configure(SecretsManagerClient.builder(), client).build()) {
            secret = secrets.getSecretValue(g -> g.secretId(up.webhookSecretId())).secretString().getBytes(StandardCharsets.UTF_8);
        } catch (SdkException e) {
            err.println("controlplane webhook: cannot read the webhook secret " + up.webhookSecretId() + " from " + up.aws()
                    + " (is controlplane up still running?): " + e.getMessage());
            return 1;
        }
        out.println("POST " + up.webhook() + "  X-GitHub-Event: " + delivery.event() + "  X-GitHub-Delivery: " + delivery.id()
                + "  (" + options.file() + ", " + delivery.body().length + " bytes, signed with the running up's " + up.webhookSecretId() + ")");
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(up.webhook()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/controlplane-webhook-send")
                    .header("X-GitHub-Event", delivery.event()).header("X-GitHub-Delivery", delivery.id())
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("controlplane webhook: cannot reach " + up.webhook() + " (is controlplane up still running?): " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }
}
