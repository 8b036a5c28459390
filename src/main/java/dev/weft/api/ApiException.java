package dev.weft.api;

import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * An error answered in the project's one JSON shape:
 * {@code {"error": {"code", "message", "details": [{"path", "problem"}]}}}. Controllers throw it with
 * the status, a stable machine code, a sentence for people and, for validation, one detail per
 * offending field with its JSON Pointer.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<Detail> details;

    public ApiException(HttpStatus status, String code, String message, List<Detail> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException badRequest(String message, List<Detail> details) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", message, details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Detail> details() {
        return details;
    }

    /** One offending field: a JSON Pointer into the request body (or a parameter name) and what is wrong. */
    public record Detail(String path, String problem) {
    }
}
