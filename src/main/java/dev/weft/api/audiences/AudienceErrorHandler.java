package dev.weft.api.audiences;

import dev.weft.api.ApiErrors;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.AudienceInUseException;
import dev.weft.audiences.AudienceNotFoundException;
import dev.weft.audiences.AudiencesNotReadyException;
import dev.weft.audiences.BrokenAudienceException;
import dev.weft.audiences.InvalidAudienceException;
import dev.weft.audiences.PriorityListNotFoundException;
import dev.weft.audiences.ReadOnlyAudienceException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** What the audiences feature refuses, answered in the one error shape with its status and code. */
@Singleton
public class AudienceErrorHandler implements ExceptionHandler<AudienceException, HttpResponse<?>> {

    private static final String UNKNOWN_FIELD = "unknown field";

    private record Answer(HttpStatus status, String code) {
    }

    private static final Map<Class<? extends AudienceException>, Answer> ANSWERS = Map.of(
            InvalidAudienceException.class, new Answer(HttpStatus.BAD_REQUEST, "invalid_request"),
            AudienceNotFoundException.class, new Answer(HttpStatus.NOT_FOUND, "not_found"),
            PriorityListNotFoundException.class, new Answer(HttpStatus.NOT_FOUND, "not_found"),
            BrokenAudienceException.class, new Answer(HttpStatus.CONFLICT, "invalid_audience"),
            AudienceInUseException.class, new Answer(HttpStatus.CONFLICT, "conflict"),
            ReadOnlyAudienceException.class, new Answer(HttpStatus.CONFLICT, "read_only"),
            AudiencesNotReadyException.class, new Answer(HttpStatus.CONFLICT, "not_ready"));

    @Override
    public HttpResponse<?> handle(HttpRequest request, AudienceException e) {
        Answer answer = ANSWERS.get(e.getClass());
        if (answer == null) {
            return ApiErrors.serverError(request, e); // a kind of refusal added without its answer: a bug
        }
        return ApiErrors.response(answer.status(), code(answer, e), e.getMessage(), ApiErrors.details(e.problems()));
    }

    /** Unknown fields inside a condition tree answer unknown_field, as unknown fields anywhere else do. */
    private static String code(Answer answer, AudienceException e) {
        boolean onlyUnknown = !e.problems().isEmpty() && e.problems().stream().allMatch(p -> p.problem().startsWith(UNKNOWN_FIELD));
        return e instanceof InvalidAudienceException && onlyUnknown ? "unknown_field" : answer.code();
    }
}
