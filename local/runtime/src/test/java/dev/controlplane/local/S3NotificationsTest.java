package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.local.template.LocalTemplate;
import dev.testsupport.IntegrationTest;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** S3Proxy behind the gateway: objects kept on disk, and the template's S3 notifications delivered in AWS's JSON. */
@IntegrationTest
class S3NotificationsTest {
    record Delivery(String function, JsonNode event) {}

    @TempDir
    Path data;
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    S3Service s3Server;
    S3Notifier notifier;
    AwsGateway gateway;
    S3Client s3;

    @BeforeEach
    void start() {
        s3Server = S3Service.start(data.resolve("s3"));
        s3Server.ensureBucket("inbox", true);
        s3Server.ensureBucket("other", false);
        List<LocalTemplate.S3Subscription> subscriptions = List.of(
                new LocalTemplate.S3Subscription("ManifestUploaded", "inbox", List.of("s3:ObjectCreated:*"), "", "manifest.json", "uploaded"),
                new LocalTemplate.S3Subscription("Removed", "inbox", List.of("s3:ObjectRemoved:*"), "team/", "", "removed"));
        notifier = new S3Notifier(subscriptions, (fn, payload) -> {
            deliveries.add(new Delivery(fn, payload));
            return null;
        }, s3Server.url(), "eu-west-1", new PrintStream(PrintStream.nullOutputStream()), 10);
        gateway = AwsGateway.start(0, Map.of("s3", s3Server.url()), notifier::observe);
        s3 = client(gateway.url());
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        s3.close();
        gateway.close();
        notifier.close();
        s3Server.close();
    }

    List<Delivery> delivered(int expected) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Delivery d = deliveries.poll(10, TimeUnit.SECONDS);
            assertThat(d).as("delivery " + (i + 1) + " of " + expected).isNotNull();
            out.add(d);
        }
        assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).as("no further delivery").isNull();
        return out;
    }

    @Test
    void aManifestPutIsDeliveredAsS3SendsItAndTheOtherFilesAreNot() throws Exception {
        s3.putObject(p -> p.bucket("inbox").key("team/churn/abc/churn.py"), RequestBody.fromString("print(1)"));
        PutObjectResponse put = s3.putObject(p -> p.bucket("inbox").key("team/churn/abc def/manifest.json"), RequestBody.fromString("{\"a\": 1}"));
        Delivery d = delivered(1).get(0);
        assertThat(d.function()).isEqualTo("uploaded");
        JsonNode record = d.event().get("Records").get(0);
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(record.at("/s3/configurationId").asText()).isEqualTo("ManifestUploaded");
        assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("inbox");
        assertThat(record.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::inbox");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("team/churn/abc+def/manifest.json");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(8);
        assertThat(record.at("/s3/object/eTag").asText()).isEqualTo(put.eTag().replace("\"", ""));
        // the inbox is versioned: the event names the version the PUT made
        assertThat(put.versionId()).isNotNull();
        assertThat(record.at("/s3/object/versionId").asText()).isEqualTo(put.versionId());
        assertThat(record.at("/s3/object/sequencer").asText()).matches("[0-9A-F]{18}");
    }

    @Test
    void copiesMultipartUploadsAndDeletesAreDeliveredByTheirEventNames() throws Exception {
        s3.putObject(p -> p.bucket("other").key("source.json"), RequestBody.fromString("{}"));
        s3.copyObject(c -> c.sourceBucket("other").sourceKey("source.json").destinationBucket("inbox").destinationKey("copied/manifest.json"));
        String upload = s3.createMultipartUpload(c -> c.bucket("inbox").key("big/manifest.json")).uploadId();
        String etag = s3.uploadPart(u -> u.bucket("inbox").key("big/manifest.json").uploadId(upload).partNumber(1),
                RequestBody.fromString("{\"parts\": 1}")).eTag();
        s3.completeMultipartUpload(c -> c.bucket("inbox").key("big/manifest.json").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        List<Delivery> created = delivered(2);
        assertThat(created).extracting(d -> d.event().at("/Records/0/eventName").asText() + " " + d.event().at("/Records/0/s3/object/key").asText())
                .containsExactlyInAnyOrder("ObjectCreated:Copy copied/manifest.json", "ObjectCreated:CompleteMultipartUpload big/manifest.json");

        // the inbox is versioned: a delete without a version id leaves a delete marker, and S3 names the event so
        s3.putObject(p -> p.bucket("inbox").key("team/a.txt"), RequestBody.fromString("a"));
        s3.putObject(p -> p.bucket("inbox").key("team/b.txt"), RequestBody.fromString("b"));
        s3.putObject(p -> p.bucket("inbox").key("elsewhere/c.txt"), RequestBody.fromString("c"));
        s3.deleteObject(d -> d.bucket("inbox").key("team/a.txt"));
        s3.deleteObjects(d -> d.bucket("inbox").delete(del -> del.objects(
                ObjectIdentifier.builder().key("team/b.txt").build(), ObjectIdentifier.builder().key("elsewhere/c.txt").build())));
        assertThat(delivered(2)).allSatisfy(d -> assertThat(d.function()).isEqualTo("removed"))
                .extracting(d -> d.event().at("/Records/0/eventName").asText() + " " + d.event().at("/Records/0/s3/object/key").asText())
                .containsExactlyInAnyOrder("ObjectRemoved:DeleteMarkerCreated team/a.txt", "ObjectRemoved:DeleteMarkerCreated team/b.txt");
    }

    @Test
    void objectsSurviveARestartOfTheS3Server() throws Exception {
        s3.putObject(p -> p.bucket("other").key("kept.txt"), RequestBody.fromString("still here"));
        stop();
        start();
        assertThat(s3.getObjectAsBytes(g -> g.bucket("other").key("kept.txt")).asUtf8String()).isEqualTo("still here");
        assertThat(s3Server.ensureBucket("other", false)).as("created again").isFalse();
    }

    @Test
    void aServiceTheEndpointDoesNotServeIsRefusedByName() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.url().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/sns/aws4_request, SignedHeaders=host, Signature=x")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=Publish")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("does not emulate the AWS service 'sns'").contains("[s3]");
    }
}
