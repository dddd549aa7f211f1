package dev.controlplane.aws;

/**
 * AWS refused a call for a reason retrying will not change: a missing bucket, key or table, access denied, a
 * request the endpoint does not implement. The workflows end with the error {@code AwsRefused}; the message names
 * the call, the resource, AWS's status and error code, its message and what to check.
 */
public final class AwsRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AwsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
