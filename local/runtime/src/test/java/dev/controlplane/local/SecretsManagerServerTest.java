package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import dev.testsupport.ForeignHost;
import dev.testsupport.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

@IntegrationTest
class SecretsManagerServerTest {
    @TempDir
    Path dir;

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:controlplane/dev/hook-abc123";

    @Test
    void secretsAreServedByNameArnAndPartialArnFromTheLocalFile() throws Exception {
        Path file = dir.resolve("secrets.json");
        LocalSecrets secrets = LocalSecrets.open(file);
        secrets.put("controlplane/dev/hook", "s3cret");
        try (SecretsManagerServer server = SecretsManagerServer.start(LocalSecrets.open(file), name -> ARN);
                AwsGateway gateway = AwsGateway.start(0, Map.of("secretsmanager", server.url()), w -> {});
                SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(gateway.url()).region(Region.EU_WEST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            server.declare("controlplane/dev/hook", "the webhook's secret");
            for (String id : new String[] {"controlplane/dev/hook", ARN, ARN.substring(0, ARN.length() - 7)}) {
                var value = client.getSecretValue(g -> g.secretId(id));
                assertThat(value.secretString()).as(id).isEqualTo("s3cret");
                assertThat(value.arn()).isEqualTo(ARN);
                assertThat(value.versionStages()).containsExactly("AWSCURRENT");
            }
            assertThat(client.describeSecret(d -> d.secretId("controlplane/dev/hook")).description()).isEqualTo("the webhook's secret");
            assertThatThrownBy(() -> client.getSecretValue(g -> g.secretId("controlplane/dev/other")))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("can't find the specified secret");
            client.putSecretValue(p -> p.secretId("controlplane/dev/hook").secretString("rotated"));
            assertThat(LocalSecrets.open(file).value("controlplane/dev/hook")).isEqualTo("rotated");
        }
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
    private static final String HOOK = "{\"SecretId\":\"controlplane/dev/hook\"}";

    @Test
    void aRequestAddressedByAnotherNameThanLoopbackGetsNoSecret() throws Exception {
        Path file = dir.resolve("secrets.json");
        LocalSecrets.open(file).put("controlplane/dev/hook", "s3cret");
        try (SecretsManagerServer server = SecretsManagerServer.start(LocalSecrets.open(file), name -> ARN)) {
            server.declare("controlplane/dev/hook", null);
            int port = server.url().getPort();

            // a page whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host
            assertThat(ForeignHost.postJson(port, "rebound.example:" + port, GET_SECRET_VALUE, HOOK)).startsWith("HTTP/1.1 421")
                    .contains("MisdirectedRequest").contains("'rebound.example:" + port + "'").doesNotContain("s3cret");
            assertThat(ForeignHost.postJson(port, "127.0.0.1:" + port, GET_SECRET_VALUE, HOOK)).startsWith("HTTP/1.1 200").contains("s3cret");
        }
    }

    @Test
    void generatedValuesFollowGenerateSecretString() {
        String plain = LocalSecrets.generate(Json.parse("{\"PasswordLength\": 48, \"ExcludePunctuation\": true}"));
        assertThat(plain).hasSize(48).matches("[A-Za-z0-9]+").matches(".*[a-z].*").matches(".*[A-Z].*").matches(".*[0-9].*");
        assertThat(LocalSecrets.generate(Json.parse("{\"PasswordLength\": 20, \"ExcludeCharacters\": \"abcdefghijklmnopqrstuvwxyz\","
                + " \"ExcludeNumbers\": true, \"ExcludePunctuation\": true}"))).matches("[A-Z]{20}");
        assertThat(Json.parse(LocalSecrets.generate(Json.parse("{\"SecretStringTemplate\": \"{\\\"user\\\": \\\"app\\\"}\","
                + " \"GenerateStringKey\": \"password\"}"))).path("password").asText()).hasSize(32);
        assertThat(LocalSecrets.generate(null)).hasSize(32).isNotEqualTo(LocalSecrets.generate(null));
    }

    @Test
    void aSecretsFileThatIsNotAnObjectOfStringsIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("secrets.json");
        Files.writeString(file, "{\"a\": 1}");
        assertThatThrownBy(() -> LocalSecrets.open(file)).hasMessage(file + ": the value of secret 'a' must be a JSON string");
        Files.writeString(file, "{oops");
        assertThatThrownBy(() -> LocalSecrets.open(file)).hasMessageStartingWith(file + ": not valid JSON");
    }
}
