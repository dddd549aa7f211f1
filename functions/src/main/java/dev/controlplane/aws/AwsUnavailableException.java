package dev.controlplane.aws;

/**
 * AWS could not answer now, after the SDK's own retries: throttled, a server error, no connection. Worth retrying
 * with backoff: the workflows' Retry names this class. The message names the call, the resource and what AWS (or
 * the connection) said.
 */
public final class AwsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AwsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
