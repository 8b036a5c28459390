package dev.weft.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.weft.WeftException;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.WarehouseTimeoutException;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Turns every failure of a request into the one {@link ErrorBody} shape with a status, a stable code, a
 * sentence and, for bad input, a JSON Pointer per offending field. Server errors answer a generic
 * message with an error id; the id and the stack trace go to the log, never into the response.
 */
public final class ApiErrors {

    /** The request attribute holding a failed request's error id (as logged), for answers other than JSON to name it. */
    public static final String ERROR_ID = "weft.error-id";

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    /** The code of a 503 for a statement stopped by the interactive time limit. */
    public static final String QUERY_TIMEOUT = "query_timeout";

    private ApiErrors() {
    }

    public static MutableHttpResponse<ErrorBody> response(HttpStatus status, String code, String message,
                                                           List<ApiException.Detail> details) {
        MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBody.of(code, message, details));
        if (status == HttpStatus.UNAUTHORIZED && !response.getHeaders().contains(HttpHeaders.WWW_AUTHENTICATE)) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"weft\"");
        }
        return response;
    }

    /** A feature's problems (JSON Pointer and what is wrong) as the error body's details. */
    public static List<ApiException.Detail> details(List<Problem> problems) {
        return problems.stream().map(p -> new ApiException.Detail(p.path(), p.problem())).toList();
    }

    /** The response for any exception a request ended with. */
    public static MutableHttpResponse<ErrorBody> from(HttpRequest<?> request, Throwable error) {
        ApiException api = find(error, ApiException.class);
        if (api != null) {
            return response(api.status(), api.code(), api.getMessage(), api.details());
        }
        ConstraintViolationException violations = find(error, ConstraintViolationException.class);
        if (violations != null) {
            return response(HttpStatus.BAD_REQUEST, "invalid_request", "the request is invalid",
                    violationDetails(request, violations.getConstraintViolations()));
        }
        JsonProcessingException json = find(error, JsonProcessingException.class);
        if (json != null) {
            return fromJson(json);
        }
        ConversionErrorException conversion = find(error, ConversionErrorException.class);
        if (conversion != null) {
            String name = conversion.getArgument().getName();
            return response(HttpStatus.BAD_REQUEST, "invalid_parameter", "parameter '" + name + "' has an invalid value",
                    List.of(new ApiException.Detail(name, conversionProblem(conversion))));
        }
        UnsatisfiedArgumentException unsatisfied = find(error, UnsatisfiedArgumentException.class);
        if (unsatisfied != null) {
            return missing(unsatisfied.getArgument());
        }
        UnsatisfiedRouteException unsatisfiedRoute = find(error, UnsatisfiedRouteException.class);
        if (unsatisfiedRoute != null) {
            return missing(unsatisfiedRoute.getArgument());
        }
        if (error instanceof HttpStatusException status && status.getStatus().getCode() < 500) {
            return response(status.getStatus(), codeFor(status.getStatus()), status.getMessage(), List.of());
        }
        WarehouseException warehouse = find(error, WarehouseException.class);
        if (warehouse != null) {
            return warehouseError(request, warehouse);
        }
        if (error instanceof WeftException weft) {
            // Thrown by a route's own call: a service rejecting the input it was given, named precisely.
            // Wrapped (a bean that failed to start: store down, missing key) it is a server error.
            return response(HttpStatus.BAD_REQUEST, "invalid_request", weft.getMessage(), List.of());
        }
        return serverError(request, error);
    }

    private static MutableHttpResponse<ErrorBody> missing(Argument<?> argument) {
        if (argument.isAnnotationPresent(Body.class)) {
            return response(HttpStatus.BAD_REQUEST, "missing_body", "the request needs a JSON body", List.of());
        }
        String name = argument.getName();
        return response(HttpStatus.BAD_REQUEST, "missing_parameter", "required parameter '" + name + "' is missing",
                List.of(new ApiException.Detail(name, "required")));
    }

    /** 500 with a generic message; the error id ties the answer to the logged stack trace. */
    public static MutableHttpResponse<ErrorBody> serverError(HttpRequest<?> request, Throwable error) {
        String id = UUID.randomUUID().toString();
        request.setAttribute(ERROR_ID, id);
        LOG.error("error id {}: {} {} failed", id, request.getMethodName(), request.getPath(), error);
        return response(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "internal server error (error id " + id + "); the server log has the details", List.of());
    }

    /**
     * A warehouse failure without the engine's words or the statement (they can quote the request's values
     * and show the warehouse's layout): the request it happened in and an error id; the log has the rest.
     * A statement stopped by the interactive time limit is 503 {@code query_timeout}.
     */
    private static MutableHttpResponse<ErrorBody> warehouseError(HttpRequest<?> request, WarehouseException error) {
        String id = UUID.randomUUID().toString();
        request.setAttribute(ERROR_ID, id);
        String step = request.getMethodName() + " " + request.getPath();
        if (error instanceof WarehouseTimeoutException timeout) {
            LOG.warn("error id {}: {} stopped by the time limit: {}", id, step, timeout.getMessage());
            return response(HttpStatus.SERVICE_UNAVAILABLE, QUERY_TIMEOUT, "a warehouse query of " + step + " ran longer than the "
                    + timeout.limit().toSeconds() + " s limit for interactive queries (weft.interactive-timeout) and was stopped"
                    + " (error id " + id + ")", List.of());
        }
        LOG.error("error id {}: {} failed in the warehouse", id, step, error);
        return response(HttpStatus.INTERNAL_SERVER_ERROR, "warehouse_error", "the warehouse could not run a query of " + step
                + " (error id " + id + "); the server log has the statement and the warehouse's message", List.of());
    }

    /** A stable code for a status that has no more precise one. */
    public static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "insufficient_scope";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case NOT_ACCEPTABLE -> "not_acceptable";
            case CONFLICT -> "conflict";
            case REQUEST_ENTITY_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case UNPROCESSABLE_ENTITY -> "unprocessable";
            case TOO_MANY_REQUESTS -> "rate_limited";
            case INTERNAL_SERVER_ERROR -> "internal_error";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.getReason().toLowerCase().replaceAll("[^a-z0-9]+", "_");
        };
    }

    private static MutableHttpResponse<ErrorBody> fromJson(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return response(HttpStatus.BAD_REQUEST, "malformed_json", "the request body is not valid JSON" + where
                    + ": " + e.getOriginalMessage(), List.of());
        }
        String pointer = pointer(mapping.getPath());
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            String problem = "unknown field" + (known == null || known.isEmpty() ? ""
                    : "; known fields: " + String.join(", ", known.stream().map(String::valueOf).sorted().toList()));
            return response(HttpStatus.BAD_REQUEST, "unknown_field", "unknown field " + pointer,
                    List.of(new ApiException.Detail(pointer, problem)));
        }
        if (mapping instanceof ValueInstantiationException && mapping.getCause() instanceof ApiException api) {
            return response(api.status(), api.code(), api.getMessage(), api.details());
        }
        if (mapping instanceof InvalidFormatException || mapping instanceof MismatchedInputException) {
            Class<?> target = mapping instanceof MismatchedInputException m ? m.getTargetType() : null;
            String expected = "expected " + jsonType(target);
            return response(HttpStatus.BAD_REQUEST, "invalid_type", "wrong type at " + pointer + ": " + expected,
                    List.of(new ApiException.Detail(pointer, expected)));
        }
        // A record's constructor rejecting a value says why; other causes are internals, not for clients.
        Throwable cause = mapping.getCause();
        String problem = (cause instanceof IllegalArgumentException || cause instanceof WeftException)
                && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        return response(HttpStatus.BAD_REQUEST, "invalid_request", "invalid value at " + pointer,
                List.of(new ApiException.Detail(pointer, problem)));
    }

    private static String conversionProblem(ConversionErrorException e) {
        Exception cause = e.getConversionError().getCause();
        String message = cause == null ? null : cause.getMessage();
        return "expected " + jsonType(e.getArgument().getType()) + (message == null ? "" : " (" + message + ")");
    }

    /** How a Java target type reads in JSON terms, without leaking class names. */
    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + String.join(", ", names);
        }
        if (type == String.class || type == char.class || type == Character.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date/time string";
        }
        return "an object";
    }

    /** A JSON Pointer (RFC 6901) from Jackson's reference path. */
    static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            pointer.append('/').append(ref.getFieldName() != null ? JsonPointers.escape(ref.getFieldName())
                    : Integer.toString(Math.max(ref.getIndex(), 0)));
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    /**
     * One detail per violation. A violation on the request body becomes a JSON Pointer into it
     * ({@code create.body.conditions[1].value} becomes {@code /conditions/1/value}); one on another
     * parameter keeps the parameter's name.
     */
    private static List<ApiException.Detail> violationDetails(HttpRequest<?> request, Collection<ConstraintViolation<?>> violations) {
        List<String> bodyArguments = RouteAttributes.getRouteMatch(request)
                .map(route -> route.getRequiredArguments().stream()
                        .filter(a -> a.isAnnotationPresent(Body.class)).map(a -> a.getName()).toList())
                .orElse(List.of());
        List<ApiException.Detail> details = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            details.add(new ApiException.Detail(violationPath(violation.getPropertyPath(), bodyArguments), violation.getMessage()));
        }
        details.sort(Comparator.comparing(ApiException.Detail::path).thenComparing(ApiException.Detail::problem));
        return details;
    }

    private static String violationPath(Path path, List<String> bodyArguments) {
        StringBuilder pointer = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE
                    || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                Object key = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (key != null) {
                    pointer.append('/').append(JsonPointers.escape(String.valueOf(key)));
                }
            }
            if (kind != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                pointer.append('/').append(JsonPointers.escape(node.getName()));
            }
        }
        if (parameter != null && !bodyArguments.contains(parameter)) {
            return pointer.isEmpty() ? parameter : parameter + pointer;
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
