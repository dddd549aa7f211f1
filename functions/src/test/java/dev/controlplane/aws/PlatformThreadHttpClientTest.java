package dev.controlplane.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class PlatformThreadHttpClientTest {

    private final AtomicReference<Thread> calledOn = new AtomicReference<>();

    /** Answers "hello" (or fails with the given exception), noting the thread that sent the request. */
    private SdkHttpClient fake(IOException failure) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        calledOn.set(Thread.currentThread());
                        if (failure != null) {
                            throw failure;
                        }
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpFullResponse.builder().statusCode(200).build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                        "hello".getBytes(StandardCharsets.UTF_8)))).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    private static HttpExecuteRequest request() {
        return HttpExecuteRequest.builder().request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://127.0.0.1:1/bucket")).build()).build();
    }

    private static String body(HttpExecuteResponse response) throws IOException {
        return new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aVirtualThreadsRequestIsSentFromAPlatformThreadWithItsBodyRead() throws Exception {
        SdkHttpClient client = new PlatformThreadHttpClient(fake(null));
        AtomicReference<String> answer = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.set(body(client.prepareRequest(request()).call()));
            } catch (Throwable e) {
                error.set(e);
            }
        }).join();

        assertThat(error.get()).isNull();
        assertThat(answer.get()).isEqualTo("hello");
        assertThat(calledOn.get().isVirtual()).isFalse();
    }

    @Test
    void aPlatformThreadsRequestIsSentFromThatThread() throws Exception {
        SdkHttpClient client = new PlatformThreadHttpClient(fake(null));

        assertThat(body(client.prepareRequest(request()).call())).isEqualTo("hello");
        assertThat(calledOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void theSendersIOExceptionReachesTheVirtualThreadAsItself() throws Exception {
        IOException refused = new IOException("connection refused");
        SdkHttpClient client = new PlatformThreadHttpClient(fake(refused));
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                client.prepareRequest(request()).call();
            } catch (Throwable e) {
                error.set(e);
            }
        }).join();

        assertThat(error.get()).isSameAs(refused);
    }

    @Test
    void wrapsOnlyWhenTheProcessAsksForIt() {
        SdkHttpClient plain = fake(null);
        String before = System.getProperty(PlatformThreadHttpClient.PROPERTY);
        try {
            System.clearProperty(PlatformThreadHttpClient.PROPERTY);
            assertThat(PlatformThreadHttpClient.wrapIfAsked(plain)).isSameAs(plain);
            System.setProperty(PlatformThreadHttpClient.PROPERTY, "true");
            assertThat(PlatformThreadHttpClient.wrapIfAsked(plain)).isInstanceOf(PlatformThreadHttpClient.class);
        } finally {
            if (before == null) {
                System.clearProperty(PlatformThreadHttpClient.PROPERTY);
            } else {
                System.setProperty(PlatformThreadHttpClient.PROPERTY, before);
            }
        }
        assertThatThrownBy(() -> new PlatformThreadHttpClient(null)).isInstanceOf(NullPointerException.class);
    }
}
