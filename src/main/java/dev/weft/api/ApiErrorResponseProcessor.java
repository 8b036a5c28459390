package dev.weft.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Micronaut's own error answers (no route: 404, wrong method: 405, unsupported media type: 415, and any
 * built-in handler left in place) in the one error shape, as JSON whatever the client accepts.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        if (status.getCode() >= 500) {
            Throwable cause = context.getRootCause().orElseGet(() -> new IllegalStateException(status.getReason()));
            ErrorBody body = ApiErrors.serverError(context.getRequest(), cause).body();
            return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
        }
        String message;
        if (status == HttpStatus.NOT_FOUND) {
            message = "no route for " + context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        } else {
            message = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
        }
        List<ApiException.Detail> details = context.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> new ApiException.Detail(e.getPath().get(), e.getMessage()))
                .toList();
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(ErrorBody.of(ApiErrors.codeFor(status), message, details));
    }
}
