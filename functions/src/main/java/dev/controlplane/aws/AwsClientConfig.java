package dev.controlplane.aws;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every function configures an SDK client from its environment: region from {@code AWS_REGION}, the
 * client pointed at {@code AWS_ENDPOINT_URL} when set (local endpoints, moto, LocalStack); credentials from
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} when the environment
 * has them (as Lambda sets them), else the SDK's default chain. The url-connection HTTP client keeps cold
 * starts short.
 */
public final class AwsClientConfig {

    private AwsClientConfig() {
    }

    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder,
            Map<String, String> environment) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        builder.overrideConfiguration(AwsClientConfig::describeFailures);
        String region = environment.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region.strip()));
        }
        environmentCredentials(environment).ifPresent(builder::credentialsProvider);
        endpointOverride(environment).ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * As {@link #configure}, for SnapStart priming: the same configuration of the same builder, but with made-up
     * fixed credentials (so nothing is looked up) and every request answered by {@code http}, which sends nothing.
     * A missing {@code AWS_REGION} becomes us-east-1 rather than a lookup.
     */
    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configurePriming(B builder,
            Map<String, String> environment, PrimingHttpClient http) {
        Map<String, String> priming = new HashMap<>(environment);
        if (priming.getOrDefault("AWS_REGION", "").isBlank()) {
            priming.put("AWS_REGION", Region.US_EAST_1.id());
        }
        priming.put("AWS_ACCESS_KEY_ID", "AKIASNAPSTARTPRIMING");
        priming.put("AWS_SECRET_ACCESS_KEY", "snapstart-priming-made-up-secret");
        priming.put("AWS_SESSION_TOKEN", "snapstart-priming-made-up-session");
        B configured = configure(builder, priming);
        configured.httpClientBuilder(null);
        configured.httpClient(http);
        return configured;
    }

    /**
     * Failures that name their call and resource ({@link AwsCallDescriptions}); a client that overrides its
     * configuration again applies this too, as the override replaces the earlier one.
     */
    public static ClientOverrideConfiguration.Builder describeFailures(ClientOverrideConfiguration.Builder override) {
        return override.addExecutionInterceptor(new AwsCallDescriptions());
    }

    /** The credentials the environment names, if it has both keys; else a client uses the SDK's default chain. */
    static Optional<AwsCredentialsProvider> environmentCredentials(Map<String, String> environment) {
        String accessKey = environment.get("AWS_ACCESS_KEY_ID");
        String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            return Optional.empty();
        }
        String sessionToken = environment.get("AWS_SESSION_TOKEN");
        return Optional.of(StaticCredentialsProvider.create(sessionToken == null || sessionToken.isBlank()
                ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, sessionToken)));
    }

    /** {@code AWS_ENDPOINT_URL}, when set. */
    static Optional<URI> endpointOverride(Map<String, String> environment) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint.strip()));
    }
}
