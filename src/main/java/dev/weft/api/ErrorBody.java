package dev.weft.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The one JSON error shape of the REST API:
 * {@code {"error": {"code": "...", "message": "...", "details": [{"path": "...", "problem": "..."}]}}}.
 */
@Schema(name = "Error", description = "The one error shape of the API; details point into the request body with JSON Pointers")
public record ErrorBody(Content error) {

    /** details is always present (an empty array when there are none), so clients need no null check. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ErrorContent")
    public record Content(String code, String message, List<ApiException.Detail> details) {
    }

    public static ErrorBody of(String code, String message, List<ApiException.Detail> details) {
        return new ErrorBody(new Content(code, message, List.copyOf(details)));
    }
}
