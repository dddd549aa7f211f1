package dev.controlplane.local.demo;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.domain.github.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The demo's only ways in, as CI, GitHub and an operator have them: the AWS SDK against the runtime's one AWS endpoint
 * (S3, Step Functions, DynamoDB, Secrets Manager) and HTTP to the webhook route of its HTTP API.
 */
final class PublicEndpoints implements AutoCloseable {
    final S3Client s3;
    final SfnClient sfn;
    final DynamoDbClient dynamoDb;
    final SecretsManagerClient secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI webhook;

    /**
     * @param clientEnvironment AWS_ENDPOINT_URL, AWS_REGION and credentials for the SDK clients
     * @param webhook           the full URL of the GitHub webhook route
     */
    PublicEndpoints(Map<String, String> clientEnvironment, URI webhook) {
        this.s3 = AwsClientConfig.configure(S3Client.builder(), clientEnvironment).forcePathStyle(true).build();
        this.sfn = AwsClientConfig.configure(SfnClient.builder(), clientEnvironment).build();
        this.dynamoDb = AwsClientConfig.configure(DynamoDbClient.builder(), clientEnvironment).build();
        this.secrets = AwsClientConfig.configure(SecretsManagerClient.builder(), clientEnvironment).build();
        this.webhook = webhook;
    }

    /** A delivery as GitHub sends it: the event header, a fresh delivery id, the body signed with the secret. */
    HttpResponse<String> deliver(String event, String body, byte[] secret) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/controlplane-demo")
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        s3.close();
        sfn.close();
        dynamoDb.close();
        secrets.close();
        http.close();
    }
}
