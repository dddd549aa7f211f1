package dev.controlplane.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;

/**
 * Where a client's S3 requests go and as whom: its region, a bucket's URL (path-style or virtual-hosted, by the SDK's
 * own endpoint rules in {@link S3Utilities}) and its credentials. Taken from a built client, or made from the
 * environment a client would be built from ({@link S3ArtifactStore#client}) without building one, which is much
 * cheaper: the {@code replicate} command starts listing while its client is still being built.
 */
public final class S3Addressing {

    private final Region region;
    private final S3Utilities utilities;
    /** Only an endpoint override can be plain HTTP: AWS's own S3 endpoints are all https. */
    private final boolean plainHttp;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Map<String, URI> bucketUrls = new ConcurrentHashMap<>();

    private S3Addressing(Region region, S3Utilities utilities, boolean plainHttp,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.plainHttp = plainHttp;
        this.region = Objects.requireNonNull(region, "region");
        this.utilities = Objects.requireNonNull(utilities, "utilities");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** The addressing of a built client. */
    public static S3Addressing of(S3Client s3) {
        return new S3Addressing(s3.serviceClientConfiguration().region(), s3.utilities(),
                PlainHttp.isPlain(s3.serviceClientConfiguration().endpointOverride().orElse(null)),
                s3.serviceClientConfiguration().credentialsProvider());
    }

    /**
     * The addressing a client built by {@link S3ArtifactStore#client} from this environment has: region from
     * {@code AWS_REGION} (else the SDK's region chain), endpoint from {@code AWS_ENDPOINT_URL}, path-style as
     * {@code S3_FORCE_PATH_STYLE} says (default: path-style with an endpoint), credentials from the environment's
     * keys (else the SDK's default chain).
     */
    public static S3Addressing fromEnvironment(Map<String, String> environment) {
        String regionName = environment.get("AWS_REGION");
        Region region = regionName != null && !regionName.isBlank() ? Region.of(regionName.strip())
                : new DefaultAwsRegionProviderChain().getRegion();
        S3Utilities.Builder utilities = S3Utilities.builder().region(region).s3Configuration(S3Configuration.builder()
                .pathStyleAccessEnabled(S3ArtifactStore.forcePathStyle(environment)).build());
        URI endpoint = AwsClientConfig.endpointOverride(environment).orElse(null);
        if (endpoint != null) {
            utilities.endpoint(endpoint);
        }
        IdentityProvider<? extends AwsCredentialsIdentity> credentials = AwsClientConfig
                .environmentCredentials(environment).<IdentityProvider<? extends AwsCredentialsIdentity>>map(
                        provider -> provider)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        return new S3Addressing(region, utilities.build(), PlainHttp.isPlain(endpoint), credentials);
    }

    /** Whether requests go over plain HTTP (a local endpoint such as moto, S3Proxy or LocalStack). */
    public boolean plainHttp() {
        return plainHttp;
    }

    public Region region() {
        return region;
    }

    /** The bucket's URL, ending in {@code /}: the URL of its objects without their key. */
    public URI bucketUrl(String bucket) {
        return bucketUrls.computeIfAbsent(bucket, b -> {
            // S3Utilities resolves an object's URL with the endpoint rules; the bucket's is that URL without its key
            // (a one-letter key, so that only it is cut).
            String url = utilities.getUrl(get -> get.bucket(b).key("k")).toExternalForm();
            if (!url.endsWith("/k")) {
                throw new IllegalStateException("the S3 endpoint rules address s3://" + b + "/k as " + url
                        + "; expected a URL ending in the key");
            }
            return URI.create(url.substring(0, url.length() - 1));
        });
    }

    /** The current credentials (a provider that refreshes them, e.g. a role's, is asked each time). */
    public AwsCredentialsIdentity credentials() {
        return credentials.resolveIdentity().join();
    }
}
