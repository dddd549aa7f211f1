package dev.controlplane.console;

/**
 * A request the console API refuses or cannot serve, answered as {@code {"error": code, "message": message}} with
 * the HTTP status; the message names the parameter or the resource and what was expected.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
