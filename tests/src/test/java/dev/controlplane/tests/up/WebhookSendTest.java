package dev.controlplane.tests.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.controlplane.cli.Main;
import dev.testsupport.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code controlplane webhook send}: the signed samples of {@code events/}, which a fresh {@code up} refuses as they
 * are (they are signed with the sample secret, up generates its own), delivered to it signed with its own secret;
 * and what the command says when it cannot send.
 */
@EndToEndTest
class WebhookSendTest {
    static final Path EVENTS = UpProcess.ROOT.resolve("events");

    @TempDir
    static Path dir;
    static UpProcess up;
    static UpEndToEndTest.Clients aws;

    @BeforeAll
    static void startUp() throws Exception {
        up = UpProcess.start(dir.resolve("data"));
        aws = new UpEndToEndTest.Clients(up.aws);
    }

    @AfterAll
    static void stopUp() throws Exception {
        if (aws != null) aws.close();
        if (up != null) up.close();
    }

    /** Runs the command in this process; its exit code, standard output and standard error. */
    record Result(int code, String out, String err) {}

    static Result controlplane(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSampleAsSignedIsRefusedButSentWithWebhookSendStartsThePromotion() throws Exception {
        Path sample = EVENTS.resolve("github-push-merge.json");
        JsonNode event = Json.parse(Files.readString(sample));
        HttpRequest asItIs = HttpRequest.newBuilder(up.httpApi.resolve("/github/webhook"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "as-signed-1").header("X-Hub-Signature-256", event.get("headers").get("x-hub-signature-256").asText())
                .POST(HttpRequest.BodyPublishers.ofString(event.get("body").asText())).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(asItIs, HttpResponse.BodyHandlers.ofString()).statusCode()).as("signed with the sample secret").isEqualTo(401);
        }

        Result sent = controlplane("webhook", "send", sample.toString(), "--data", dir.resolve("data").toString());

        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        String delivery = event.get("headers").get("x-github-delivery").asText();
        assertThat(sent.out()).contains("X-GitHub-Event: push", "X-GitHub-Delivery: " + delivery, "controlplane/dev/github-webhook-secret")
                .contains("\n202 ");
        assertThat(sent.out() + sent.err()).as("the secret's value is never printed").doesNotContain(up.secret(UpEndToEndTest.SECRET_NAME));
        String execution = Json.parse(sent.out().substring(sent.out().indexOf("\n202 ") + 5)).get("executionArn").asText();
        var done = aws.await(execution);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(done.output()).get("outcome").asText()).as("the merge came before its build").isEqualTo("awaiting-build");

        Result again = controlplane("webhook", "send", sample.toString(), "--data", dir.resolve("data").toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).as("the same delivery id: a redelivery").contains("\n200 ");
        assertThat(aws.executions(UpEndToEndTest.PROMOTE)).containsExactly(execution);
    }

    @Test
    void aPayloadAloneIsSentWithTheEventNamedAndAFreshDeliveryId() throws Exception {
        Path payload = dir.resolve("ping.json");
        Files.writeString(payload, "{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1}");

        Result pong = controlplane("webhook", "send", payload.toString(), "--event", "ping", "--data", dir.resolve("data").toString());

        assertThat(pong.code()).as(pong.out() + pong.err()).isZero();
        assertThat(pong.out()).contains("X-GitHub-Event: ping").contains("\n200 ").contains("pong");
    }

    @Test
    void whatCannotBeSentIsSaidInOneLine() throws Exception {
        Path payload = dir.resolve("payload.json");
        Files.writeString(payload, "{\"zen\": \"x\"}");
        String data = dir.resolve("data").toString();

        Result noEvent = controlplane("webhook", "send", payload.toString(), "--data", data);
        Result noFile = controlplane("webhook", "send", dir.resolve("missing.json").toString(), "--data", data);
        Result noUp = controlplane("webhook", "send", EVENTS.resolve("github-ping.json").toString(), "--data", dir.resolve("nothing").toString());

        assertThat(noEvent.code()).isEqualTo(2);
        assertThat(noEvent.err()).contains("is a payload, not an HTTP API event with headers and body: pass --event NAME");
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("missing.json does not exist");
        assertThat(noUp.code()).isEqualTo(2);
        assertThat(noUp.err()).contains("no running controlplane up: " + dir.resolve("nothing").resolve("endpoints.json") + " does not exist");
        for (Result r : new Result[] {noEvent, noFile, noUp}) {
            assertThat(r.err().lines()).as("one line and the usage hint, no stack trace").hasSize(2);
        }
    }
}
