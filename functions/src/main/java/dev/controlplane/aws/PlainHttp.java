package dev.controlplane.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The SDK's URL-connection client for an endpoint reached over plain HTTP (moto, S3Proxy, LocalStack, the local
 * runtime). Built the usual way, that client sets up TLS when it is made, loading and parsing the JDK's trust store:
 * about 0.1 s of CPU in a fresh JVM that such an endpoint never uses. Here its connections are opened by
 * {@link #open} instead, with the connect and read timeouts the SDK's options give.
 */
public final class PlainHttp {

    /** The SDK's default connect timeout. */
    static final Duration CONNECT_TIMEOUT = SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
            .get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT);
    /** The SDK's default timeout of each read of an answer. */
    static final Duration READ_TIMEOUT = SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
            .get(SdkHttpConfigurationOption.READ_TIMEOUT);

    private PlainHttp() {
    }

    /** Whether {@code endpoint} is a plain-HTTP URL. */
    public static boolean isPlain(URI endpoint) {
        return endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
    }

    /** A URL-connection client whose connections are all plain HTTP, with the SDK's default timeouts. */
    public static SdkHttpClient client() {
        return client(AttributeMap.empty());
    }

    /** {@link #client()} as a client builder: a service client's own defaults, if any, set the timeouts. */
    public static SdkHttpClient.Builder<?> builder() {
        return new Builder();
    }

    private static SdkHttpClient client(AttributeMap serviceDefaults) {
        AttributeMap options = serviceDefaults.merge(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS);
        Duration connect = options.get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT);
        Duration read = options.get(SdkHttpConfigurationOption.READ_TIMEOUT);
        return UrlConnectionHttpClient.create(uri -> open(uri, connect, read));
    }

    private static final class Builder implements SdkHttpClient.Builder<Builder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return client(serviceDefaults);
        }
    }

    /** A plain-HTTP connection with these timeouts. */
    static HttpURLConnection open(URI uri, Duration connect, Duration read) {
        if (!isPlain(uri)) {
            throw new IllegalArgumentException("a plain-HTTP connection to " + uri + "; expected an http:// URL (an"
                    + " https endpoint needs the SDK's TLS set-up)");
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(connect.toMillis()));
            connection.setReadTimeout(Math.toIntExact(read.toMillis()));
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri + ": " + e.getMessage(), e);
        }
    }
}
