package dev.controlplane.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.controlplane.domain.config.UnknownRepositoryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ResolveRepository needs no AWS: the config is all it reads. */
class ResolveRepositoryHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode invoke(ResolveRepositoryHandler handler, String input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private static ResolveRepositoryHandler withTestConfig() throws Exception {
        Path config = Path.of(ResolveRepositoryHandlerTest.class.getResource("/config-dev-prod/environments.json").toURI())
                .getParent();
        return new ResolveRepositoryHandler(Map.of("CONTROLPLANE_CONFIG_DIR", config.toString()));
    }

    @Test
    void repositoryResolvesToItsProjectAndTheWholeChain() throws Exception {
        JsonNode resolved = invoke(withTestConfig(), """
                {"repository": "acme-data/churn", "branch": "main", "commit": "9f2c4e1b"}""");

        assertThat(resolved).isEqualTo(JSON.readTree("""
                {"team": "data-eng", "project": "churn", "scripts": ["churn", "score"], "defaultBranch": "main",
                 "repository": "Acme-Data/churn",
                 "environments": [
                   {"name": "dev", "bucket": "controlplane-artifacts-dev-123456789012-us-east-1", "approvalRequired": false,
                    "eventBus": "arn:aws:events:us-east-1:123456789012:event-bus/controlplane-promotions-dev"},
                   {"name": "prod", "bucket": "acme-prod-artifacts", "approvalRequired": true,
                    "eventBus": "arn:aws:events:us-east-1:210987654321:event-bus/controlplane-promotions-prod"}]}"""));
    }

    @Test
    void packagedConfigIsUsedWithoutTheVariable() throws Exception {
        JsonNode resolved = invoke(new ResolveRepositoryHandler(Map.of()), "{\"repository\": \"acme-pay/ledger\"}");

        assertThat(resolved.get("team").asText()).isEqualTo("payments");
        assertThat(resolved.get("scripts").toString()).isEqualTo("[\"daily_close\"]");
        assertThat(resolved.get("environments")).extracting(node -> node.get("name").asText())
                .containsExactly("dev", "staging", "prod");
    }

    @Test
    void unknownRepositoryIsRefusedNamingTheKnownOnes() throws Exception {
        ResolveRepositoryHandler handler = withTestConfig();

        assertThatThrownBy(() -> invoke(handler, "{\"repository\": \"acme-data/ltv\"}"))
                .isInstanceOf(UnknownRepositoryException.class)
                .hasMessage("ResolveRepository input: repository is 'acme-data/ltv', which no team configures; expected"
                        + " the owner/name of a repository listed by a project in config/teams/*.json: Acme-Data/churn");
    }

    @Test
    void missingRepositoryIsRefused() throws Exception {
        ResolveRepositoryHandler handler = withTestConfig();

        assertThatThrownBy(() -> invoke(handler, "{\"branch\": \"main\"}"))
                .isInstanceOf(UnknownRepositoryException.class)
                .hasMessageStartingWith("ResolveRepository input: repository is missing;");
    }
}
