package dev.controlplane.aws;

import dev.controlplane.errors.AwsUnavailableException;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Applied around each function: an AWS SDK exception leaving the handler becomes {@link AwsRefusedException} or
 * {@link AwsUnavailableException}, so that Lambda (and the workflow's error) names the problem rather than an SDK
 * class, and the cause says which call failed, how, and what to check.
 */
public final class AwsFailures {

    /** What to look at for the error codes a person can act on; other codes get the generic advice. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("NotImplemented", "the endpoint (AWS_ENDPOINT_URL) does not implement this request (a local S3"
                    + " that keeps no object versions, as up says at start-up, answers a versionId so)"),
            Map.entry("NoSuchBucket", "check the bucket the input names: it does not exist at this endpoint"),
            Map.entry("NoSuchKey", "check the key the input names: no such object"),
            Map.entry("NoSuchVersion", "check the versionId the input names: the object has no such version"),
            Map.entry("AccessDenied", "the function's role (template.yaml) does not allow this call on the resource"),
            Map.entry("AccessDeniedException", "the function's role (template.yaml) does not allow this call on the"
                    + " resource"),
            Map.entry("ResourceNotFoundException", "check the name the input or the environment gives: it does not"
                    + " exist at this endpoint"));

    /** A handler body that may throw what a Lambda handler throws. */
    @FunctionalInterface
    public interface Body {
        void run() throws IOException;
    }

    private AwsFailures() {
    }

    /** Runs the body, naming any AWS SDK exception that leaves it (see the class comment). */
    public static void named(Body body) throws IOException {
        try {
            body.run();
        } catch (SdkException e) {
            throw named(e);
        }
    }

    /** The named exception for an SDK exception; one that is not the SDK's is returned as is. */
    public static RuntimeException named(SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String said = messageOf(service);
            String answer = "answered " + status + (code == null ? "" : " " + code);
            if (service.isThrottlingException() || status >= 500 && status != 501) {
                return new AwsUnavailableException(said + " (" + answer + " through the SDK's retries; retry later)",
                        e);
            }
            String advice = ADVICE.getOrDefault(code, status == 403 ? ADVICE.get("AccessDenied")
                    : "check the resource the input names");
            return new AwsRefusedException(said + " (" + answer + "): " + advice, e);
        }
        if (e instanceof SdkClientException client) {
            String message = client.getMessage() == null ? "no message" : client.getMessage();
            if (message.contains("Unable to load credentials")) {
                return new AwsRefusedException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                        + " (and AWS_SESSION_TOKEN), AWS_PROFILE, or run with a role", e);
            }
            return new AwsUnavailableException(message + " (no answer from AWS at this endpoint; retry later)", e);
        }
        return new AwsUnavailableException(e.getMessage() == null ? "the AWS SDK failed without a message" : e.getMessage(), e);
    }

    private static String messageOf(AwsServiceException service) {
        String message = service.getMessage();
        if (message == null) {
            return "AWS refused the call";
        }
        // The SDK's own suffixes (service, status, request id, attempts): the answer says status and code again.
        String head = message.replaceAll(" \\((Service|Status Code|Request ID|Extended Request ID|SDK Attempt Count):[^)]*\\)",
                "").strip();
        return service.requestId() == null ? head : head + " [request id " + service.requestId() + "]";
    }
}
