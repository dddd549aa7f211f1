package dev.controlplane.cli;

import dev.aslengine.integration.aws.AwsEndpoints;
import dev.aslengine.integration.aws.AwsServiceIntegration;
import dev.aslengine.integration.aws.S3ItemSource;
import dev.aslengine.runtime.Engine;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

/** Wires the AWS service integrations (DynamoDB, S3, EventBridge, SNS and Distributed Map's S3 items) into an engine. */
final class Integrations {
    private Integrations() {}

    /** Adds them against {@code endpoint} (or the environment's AWS_ENDPOINT_URL, else AWS itself); the SDK loads on first use. */
    static void addAws(Engine.Builder builder, String endpoint) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (endpoint != null) {
            try {
                URI uri = new URI(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) throw new URISyntaxException(endpoint, "expected http(s)://HOST[:PORT]");
            } catch (URISyntaxException e) {
                throw new Main.UsageException("--endpoint-url '" + endpoint + "' is not a URL: expected http(s)://HOST[:PORT]");
            }
            env.put("AWS_ENDPOINT_URL", endpoint);
        }
        AwsEndpoints endpoints;
        try {
            endpoints = AwsEndpoints.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        AwsServiceIntegration aws = new AwsServiceIntegration(endpoints);
        builder.integration(aws).distributedMapStore(new S3ItemSource(aws));
    }
}
