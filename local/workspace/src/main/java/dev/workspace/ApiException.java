package dev.workspace;

/** An error answered in Databricks' shape: an HTTP status and a body {error_code, message}. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String errorCode;

    public ApiException(int status, String errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    static ApiException invalidParameter(String message) {
        return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
    }

    static ApiException missingField(String field) {
        return invalidParameter("Missing required field: " + field);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "RESOURCE_DOES_NOT_EXIST", message);
    }
}
