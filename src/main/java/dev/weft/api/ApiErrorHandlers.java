package dev.weft.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JacksonExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedArgumentHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

/**
 * Exception handlers that answer in the one error shape. Micronaut picks the handler whose exception
 * type is closest, so Micronaut's own handlers for these types are replaced and everything else falls
 * through to {@link Unexpected} (a 500 that never shows a stack trace).
 */
final class ApiErrorHandlers {

    private ApiErrorHandlers() {
    }

    @Singleton
    static class Api implements ExceptionHandler<ApiException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(ConstraintExceptionHandler.class)
    static class Violations implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(JacksonExceptionHandler.class)
    static class Jackson implements ExceptionHandler<JsonProcessingException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonProcessingException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(JsonExceptionHandler.class)
    static class JsonSyntax implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(ConversionErrorHandler.class)
    static class Conversion implements ExceptionHandler<ConversionErrorException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ConversionErrorException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(UnsatisfiedArgumentHandler.class)
    static class Unsatisfied implements ExceptionHandler<UnsatisfiedArgumentException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, UnsatisfiedArgumentException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    @Replaces(UnsatisfiedRouteHandler.class)
    static class UnsatisfiedRoute implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, UnsatisfiedRouteException exception) {
            return ApiErrors.from(request, exception);
        }
    }

    @Singleton
    static class Unexpected implements ExceptionHandler<Exception, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, Exception exception) {
            return ApiErrors.from(request, exception);
        }
    }
}
