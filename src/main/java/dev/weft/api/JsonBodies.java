package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.definitions.JsonChecks;

import java.util.List;

/**
 * Typed request bodies back as the JSON a feature reads: features check definitions (condition trees,
 * sync definitions) on JSON and point at every problem with a JSON Pointer, and a record annotated
 * {@code @JsonInclude(NON_NULL)} turns back into the JSON the client sent, fields left out staying out.
 */
public final class JsonBodies {

    private static final ObjectMapper TREE = new ObjectMapper();

    private JsonBodies() {
    }

    /** The body as JSON; the NUL character anywhere in it is a 400 pointing at it. */
    public static JsonNode tree(Object body) {
        JsonNode node = TREE.valueToTree(body);
        List<ApiException.Detail> nul = ApiErrors.details(JsonChecks.nulCharacters(node, ""));
        if (!nul.isEmpty()) {
            throw ApiException.badRequest("the request body holds the NUL character", nul);
        }
        return node;
    }

    /** JSON a feature wrote (a stored definition) as the record the API answers. */
    public static <T> T record(JsonNode node, Class<T> type) {
        return TREE.convertValue(node, type);
    }
}
