package dev.controlplane.aws;

import dev.controlplane.domain.launch.WorkspaceTokens;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Databricks workspace tokens kept in Secrets Manager as the secret's string. Never logged. */
public final class SecretsManagerWorkspaceTokens implements WorkspaceTokens {

    private final SecretsManagerClient secrets;

    public SecretsManagerWorkspaceTokens(SecretsManagerClient secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    @Override
    public String token(String secretId) {
        String token = secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("secret " + secretId + " has no string value; expected the Databricks"
                    + " workspace token as the secret's string");
        }
        return token.strip();
    }
}
