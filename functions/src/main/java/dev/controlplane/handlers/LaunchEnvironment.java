package dev.controlplane.handlers;

import dev.controlplane.aws.AwsClientConfig;
import dev.controlplane.aws.SecretsManagerWorkspaceTokens;
import dev.controlplane.databricks.Workspaces;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What the launch-cluster functions read from their environment. */
final class LaunchEnvironment {

    /** The environment this stack serves (template parameter Environment), e.g. {@code dev}. */
    static final String ENVIRONMENT_VARIABLE = "CONTROLPLANE_ENVIRONMENT";

    private LaunchEnvironment() {
    }

    static String name(Map<String, String> environment) {
        String name = environment.get(ENVIRONMENT_VARIABLE);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("environment variable " + ENVIRONMENT_VARIABLE
                    + " is not set; expected the environment this stack serves, as in config/environments.json (e.g. dev)");
        }
        return name.strip();
    }

    /** Workspace clients whose tokens come from Secrets Manager; nothing is fetched until a workspace is used. */
    static Workspaces workspaces(Map<String, String> environment) {
        return new Workspaces(new SecretsManagerWorkspaceTokens(
                AwsClientConfig.configure(SecretsManagerClient.builder(), environment).build()));
    }
}
