package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.SecretsManagerWorkspaceTokens;
import dev.controlplane.databricks.Workspaces;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Databricks workspaces of the functions that call Databricks (only their package holds the SDK). */
final class DatabricksEnvironment {

    private DatabricksEnvironment() {
    }

    /** Workspace clients whose tokens come from Secrets Manager; nothing is fetched until a workspace is used. */
    static Workspaces workspaces(Map<String, String> environment) {
        return new Workspaces(new SecretsManagerWorkspaceTokens(
                AwsClientConfig.configure(SecretsManagerClient.builder(), environment).build()));
    }
}
