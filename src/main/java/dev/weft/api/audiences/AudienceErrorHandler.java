package dev.weft.api.audiences;

import dev.weft.api.ApiErrors;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.AudienceInUseException;
import dev.weft.audiences.AudienceNotFoundException;
import dev.weft.audiences.AudiencesNotReadyException;
import dev.weft.audiences.BrokenAudienceException;
import dev.weft.audiences.InvalidAudienceException;
import dev.weft.audiences.ReadOnlyAudienceException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** What the audiences feature refuses, answered in the one error shape with its status and code. */
@Singleton
public class AudienceErrorHandler implements ExceptionHandler<AudienceException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, AudienceException e) {
        HttpStatus status;
        String code;
        if (e instanceof InvalidAudienceException) {
            status = HttpStatus.BAD_REQUEST;
            code = "invalid_request";
        } else if (e instanceof AudienceNotFoundException) {
            status = HttpStatus.NOT_FOUND;
            code = "not_found";
        } else if (e instanceof BrokenAudienceException) {
            status = HttpStatus.CONFLICT;
            code = "invalid_audience";
        } else if (e instanceof AudienceInUseException) {
            status = HttpStatus.CONFLICT;
            code = "conflict";
        } else if (e instanceof ReadOnlyAudienceException) {
            status = HttpStatus.CONFLICT;
            code = "read_only";
        } else if (e instanceof AudiencesNotReadyException) {
            status = HttpStatus.CONFLICT;
            code = "not_ready";
        } else {
            return ApiErrors.serverError(request, e); // a kind added without its answer: a bug
        }
        return ApiErrors.response(status, code, e.getMessage(), ApiErrors.details(e.problems()));
    }
}
