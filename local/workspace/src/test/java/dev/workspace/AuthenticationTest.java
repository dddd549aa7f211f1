package dev.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.compute.ListClustersRequest;
import dev.testsupport.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class AuthenticationTest {
    private LocalWorkspace workspace;

    @BeforeEach
    void start() {
        workspace = Sdk.workspace();
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    @Test
    void aTokenTheWorkspaceDoesNotKnowIsRefusedWith403() {
        assertThatThrownBy(() -> Sdk.client(workspace, "dapi-stolen").clusters().list(new ListClustersRequest())
                        .iterator().hasNext())
                .isInstanceOf(PermissionDenied.class)
                .hasMessage("Invalid access token.");
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedWith401InDatabricksErrorShape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(workspace.url() + "/api/2.1/clusters/list")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Credential was not"
                + " sent or was of an unsupported type for this API.\"}");
    }

    @Test
    void theHostMetadataTheSdkReadsAtStartIsServedWithoutCredentials() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(workspace.url() + "/.well-known/databricks-config")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"workspace_id\":\"1234567890123456\"");
    }

    @Test
    void aKnownTokenIsTheUserItWasGivenFor() {
        assertThat(Sdk.client(workspace).currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName()).isEqualTo(Sdk.USER);
    }

    @Test
    void anUnknownEndpointAnswers404InDatabricksErrorShape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(workspace.url() + "/api/2.0/unity-catalog/tables"))
                .header("Authorization", "Bearer " + Sdk.TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error_code\":\"ENDPOINT_NOT_FOUND\"");
    }
}
