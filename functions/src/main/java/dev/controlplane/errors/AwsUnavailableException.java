package dev.controlplane.errors;

/**
 * AWS could not answer now, after the SDK's own retries: throttled, a server error, no connection. Worth retrying
 * with backoff: the workflows' Retry names this class (see the package comment: its name is a contract), and a
 * workflow that still fails reports {@code AwsUnavailable}. The message names the call, the resource and what AWS
 * (or the connection) said. Thrown by the AWS adapters' {@code AwsFailures}.
 */
public final class AwsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AwsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
