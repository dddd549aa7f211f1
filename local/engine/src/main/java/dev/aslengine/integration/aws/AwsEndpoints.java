package dev.aslengine.integration.aws;

import java.net.URI;
import java.util.Map;

/**
 * Where and as whom the AWS service integrations call: the region, an endpoint override (null for real AWS; set for a
 * local emulator such as S3Proxy, DynamoDB Local or moto) and static credentials (both null to use the SDK's default
 * credential chain). Holds no SDK types, so building one loads nothing of the SDK.
 */
public record AwsEndpoints(String region, URI endpointOverride, String accessKeyId, String secretAccessKey) {

    public static final String DEFAULT_REGION = "us-east-1";

    public AwsEndpoints {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("AwsEndpoints.region must be a region name such as us-east-1, got \"" + region + "\"");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(
                    "AwsEndpoints needs both accessKeyId and secretAccessKey, or neither (to use the default credential chain)");
        }
        if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
            throw new IllegalArgumentException(
                    "AwsEndpoints.endpointOverride must be an absolute URL such as http://127.0.0.1:4566, got \"" + endpointOverride + "\"");
        }
    }

    /** Reads the variables the AWS CLI and SDKs read: AWS_REGION / AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. */
    public static AwsEndpoints fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()}, from the given variables; system properties aws.region and aws.endpointUrl win when set. */
    public static AwsEndpoints fromEnvironment(Map<String, String> env) {
        String region = firstNonBlank(System.getProperty("aws.region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), DEFAULT_REGION);
        String endpoint = firstNonBlank(System.getProperty("aws.endpointUrl"), env.get("AWS_ENDPOINT_URL"), null, null);
        String accessKey = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
        String secretKey = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
        if (accessKey == null || secretKey == null) {
            accessKey = null;
            secretKey = null;
        }
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AWS_ENDPOINT_URL must be a URL such as http://127.0.0.1:4566, got \"" + endpoint + "\"", e);
        }
        return new AwsEndpoints(region, uri, accessKey, secretKey);
    }

    /** A local emulator at {@code endpoint} with dummy credentials (emulators check none). */
    public static AwsEndpoints local(URI endpoint) {
        return new AwsEndpoints(DEFAULT_REGION, endpoint, "test", "test");
    }

    private static String firstNonBlank(String a, String b, String c, String fallback) {
        for (String s : new String[] {a, b, c}) {
            if (s != null && !s.isBlank()) return s.trim();
        }
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
