package dev.controlplane.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The HTTP client of SnapStart priming's SDK clients: each request the SDK has marshalled and signed is answered
 * from memory with a canned response the SDK then unmarshals, and nothing leaves the process. Every request answered
 * is kept ({@link #answered()}); a request with no canned answer fails the priming, naming it.
 */
public final class PrimingHttpClient implements SdkHttpClient {

    /** A canned response: status, headers and body, as the service would send them. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public Answer {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        public static Answer of(String contentType, String body) {
            return new Answer(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        /** 200 with no body, the headers given (a HEAD's or a PUT's answer). */
        public static Answer headers(Map<String, String> headers) {
            return new Answer(200, headers, new byte[0]);
        }
    }

    /** The canned answer to a request as the SDK sent it, or null when there is none. */
    @FunctionalInterface
    public interface Answers {
        Answer answer(SdkHttpRequest request);
    }

    /** The canned answer to a request and its body (as text), for a service whose calls only their bodies tell apart. */
    @FunctionalInterface
    public interface BodyAnswers {
        Answer answer(SdkHttpRequest request, String body);
    }

    private final BodyAnswers answers;
    private final boolean readsBodies;
    private final List<SdkHttpRequest> answered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bodyBytes = new AtomicLong();

    public PrimingHttpClient(Answers answers) {
        Objects.requireNonNull(answers, "answers");
        this.answers = (request, body) -> answers.answer(request);
        this.readsBodies = false;
    }

    private PrimingHttpClient(BodyAnswers answers) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.readsBodies = true;
    }

    /** A client whose answers read each request's body too (DynamoDB's GetItem of one key or another). */
    public static PrimingHttpClient readingBodies(BodyAnswers answers) {
        return new PrimingHttpClient(answers);
    }

    /** The requests answered so far, in the order they came. */
    public List<SdkHttpRequest> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    /** The bytes of the request bodies read so far. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return respond(request);
            }

            @Override
            public void abort() {
                // answered in call(), on the caller's thread: nothing in flight to abort
            }
        };
    }

    private HttpExecuteResponse respond(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        String text = "";
        if (request.contentStreamProvider().isPresent()) {
            // The body is streamed as a real client would, so the SDK's checksums and signing of it run.
            try (InputStream body = request.contentStreamProvider().get().newStream()) {
                if (readsBodies) {
                    byte[] bytes = body.readAllBytes();
                    bodyBytes.addAndGet(bytes.length);
                    text = new String(bytes, StandardCharsets.UTF_8);
                } else {
                    bodyBytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
                }
            }
        }
        Answer answer = answers.answer(http, text);
        if (answer == null) {
            throw new IllegalStateException("SnapStart priming: no canned answer for " + http.method() + " "
                    + http.getUri() + "; the priming of this function sends a request it was not written for");
        }
        answered.add(http);
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.putHeader("x-amz-request-id", "snapstart-priming");
        if (!answer.headers().containsKey("Content-Length")) {
            response.putHeader("Content-Length", Integer.toString(answer.body().length));
        }
        HttpExecuteResponse.Builder executed = HttpExecuteResponse.builder().response(response.build());
        if (http.method() != SdkHttpMethod.HEAD) {
            executed.responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())));
        }
        return executed.build();
    }

    @Override
    public String clientName() {
        return "SnapStartPriming";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
