package dev.weft.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The one JSON error shape of the REST API:
 * {@code {"error": {"code": "...", "message": "...", "details": [{"path": "...", "problem": "..."}]}}}.
 */
public record ErrorBody(Content error) {

    /** details is always present (an empty array when there are none), so clients need no null check. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Content(String code, String message, List<ApiException.Detail> details) {
    }

    public static ErrorBody of(String code, String message, List<ApiException.Detail> details) {
        return new ErrorBody(new Content(code, message, List.copyOf(details)));
    }
}
