package dev.controlplane.domain.config;

import java.util.Objects;

/**
 * Where a team's runs go in one environment.
 *
 * @param environment        the environment's name in environments.json
 * @param host               the Databricks workspace URL, e.g. {@code https://dbc-1234abcd-5678.cloud.databricks.com}
 * @param tokenSecretId      the Secrets Manager secret (name or ARN) holding the workspace token the functions use
 * @param instanceProfileArn the instance profile the team's job clusters run with in that environment's account
 */
public record TeamWorkspace(String environment, String host, String tokenSecretId, String instanceProfileArn) {

    public TeamWorkspace {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokenSecretId, "tokenSecretId");
        Objects.requireNonNull(instanceProfileArn, "instanceProfileArn");
    }
}
