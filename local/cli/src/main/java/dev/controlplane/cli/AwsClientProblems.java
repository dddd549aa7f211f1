package dev.controlplane.cli;

import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line for an AWS call that never got an answer, in terms of what the user gives the command: no region, no
 * credentials (naming where the SDK looked and how to give them), or no server at the endpoint. The SDK's own
 * messages list its provider classes instead.
 */
final class AwsClientProblems {

    /** How the SDK's credentials chain begins its message when no provider had credentials. */
    static final String NO_CREDENTIALS = "Unable to load credentials";
    private static final String NO_REGION = "Unable to load region";

    private AwsClientProblems() {
    }

    /** Whether the failure is the user's set-up (region or credentials) rather than the endpoint's. */
    static boolean isSetUp(SdkException e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof SdkClientException && (message.contains(NO_CREDENTIALS) || message.contains(NO_REGION));
    }

    /** The line to print, without the command's prefix. */
    static String describe(SdkException e, Map<String, String> environment) {
        String message = e.getMessage() == null ? "no message" : e.getMessage();
        if (message.contains(NO_REGION)) {
            return "no AWS region: looked in AWS_REGION, the system property aws.region and the profile "
                    + environment.getOrDefault("AWS_PROFILE", "default") + " of ~/.aws/config; pass --region R or"
                    + " export AWS_REGION=R";
        }
        if (message.contains(NO_CREDENTIALS)) {
            return "no AWS credentials: looked in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the system properties"
                    + " aws.accessKeyId and aws.secretAccessKey, AWS_WEB_IDENTITY_TOKEN_FILE, the profile "
                    + environment.getOrDefault("AWS_PROFILE", "default") + " of ~/.aws/credentials (AWS_PROFILE),"
                    + " the container and the instance metadata; give them with export AWS_ACCESS_KEY_ID=..."
                    + " AWS_SECRET_ACCESS_KEY=... (any values for a local endpoint such as up's) or AWS_PROFILE=NAME";
        }
        if (e instanceof SdkClientException) {
            String endpoint = environment.get("AWS_ENDPOINT_URL");
            String where = endpoint == null || endpoint.isBlank() ? "AWS in " + environment.get("AWS_REGION") : endpoint;
            return "no answer from " + where + " (" + message.replace("Unable to execute HTTP request: ", "")
                    + "); is it running? (--endpoint-url or AWS_ENDPOINT_URL says where)";
        }
        return message;
    }
}
