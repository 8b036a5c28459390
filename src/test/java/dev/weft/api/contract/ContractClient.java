package dev.weft.api.contract;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Calls the running server and checks every exchange against {@link ApiContract}: a contract test sends
 * its requests through this, so an answer the contract does not describe fails the test.
 */
public final class ContractClient {

    /** The tag of a contract test class (under dev.weft.api), whose requests go through this client. */
    public static final String TAG = "contract";

    private final URI server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The base URI of the server under test ({@code EmbeddedServer.getURI()}). */
    public ContractClient(URI server) {
        this.server = server;
    }

    /** An answer, already checked against the contract. */
    public record Answer(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    public Answer get(String path, String token) {
        return exchange("GET", path, token, null, true);
    }

    /** A call whose request follows the contract; {@code jsonBody} may be null. */
    public Answer send(String method, String path, String token, String jsonBody) {
        return exchange(method, path, token, jsonBody, true);
    }

    /** A call whose request breaks the contract on purpose (to test a 400): only the answer is checked. */
    public Answer sendInvalid(String method, String path, String token, String body) {
        return exchange(method, path, token, body, false);
    }

    private Answer exchange(String method, String path, String token, String body, boolean checkRequest) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        URI uri = URI.create(path);
        SimpleRequest.Builder contractRequest = new SimpleRequest.Builder(method, uri.getPath()).withAccept("application/json");
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] nameValue = pair.split("=", 2);
                contractRequest.withQueryParam(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                        nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
            contractRequest.withAuthorization("Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
            contractRequest.withContentType("application/json").withBody(body);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        SimpleResponse.Builder contractResponse = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(contractResponse::withHeader);
        if (!response.body().isEmpty()) {
            contractResponse.withBody(response.body());
        }
        Request request = contractRequest.build();
        if (checkRequest) {
            ApiContract.check(request, contractResponse.build());
        } else {
            ApiContract.checkResponseOnly(request, contractResponse.build());
        }
        ApiContract.markExercised(request);
        return new Answer(response.statusCode(), response.body(), response);
    }
}
