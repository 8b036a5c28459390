package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one convention of the REST API, checked on its contract (api/openapi.yml, which OpenApiContractTest
 * keeps equal to the code): every operation is named and documents its 4xx answers in the error shape,
 * fields are snake_case, and every list is a page ({"items", "next"}).
 */
class ApiConventionTest {

    private static final String ERROR = "#/components/schemas/Error";

    private final JsonNode contract = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("api/openapi.yml").toFile());
        } catch (IOException e) {
            throw new AssertionError("api/openapi.yml is unreadable", e);
        }
    }

    private List<Map.Entry<String, JsonNode>> operations() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        contract.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                op -> out.add(Map.entry(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue()))));
        return out;
    }

    @Test
    void everyOperationHasANameNotAGeneratedOne() {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : operations()) {
            String id = op.getValue().path("operationId").asText();
            assertThat(id).as(op.getKey()).matches("[a-z][A-Za-z]+");
            ids.add(id);
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(30);
    }

    @Test
    void everyV1OperationDocumentsItsErrorsInTheErrorShape() {
        for (Map.Entry<String, JsonNode> op : operations()) {
            if (!op.getKey().contains(" /v1/")) {
                continue;
            }
            JsonNode responses = op.getValue().path("responses");
            assertThat(responses.has("401")).as(op.getKey() + " documents 401").isTrue();
            responses.fields().forEachRemaining(r -> {
                if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                    assertThat(r.getValue().at("/content/application~1json/schema/$ref").asText())
                            .as(op.getKey() + " " + r.getKey()).isEqualTo(ERROR);
                }
            });
        }
    }

    @Test
    void everyFieldIsSnakeCase() {
        contract.at("/components/schemas").fields().forEachRemaining(schema -> schema.getValue().path("properties").fieldNames()
                .forEachRemaining(name -> assertThat(name).as(schema.getKey() + "." + name).matches("[a-z][a-z0-9_]*")));
    }

    @Test
    void everyListIsAPageAndNoAnswerIsABareArrayOrAnUntypedObject() {
        for (Map.Entry<String, JsonNode> op : operations()) {
            op.getValue().path("responses").fields().forEachRemaining(r -> {
                JsonNode schema = r.getValue().at("/content/application~1json/schema");
                if (schema.isMissingNode()) {
                    assertThat(r.getKey()).as(op.getKey() + ": only a 204 answers no body").isEqualTo("204");
                    return;
                }
                assertThat(schema.path("type").asText()).as(op.getKey() + " " + r.getKey()).isNotEqualTo("array");
                String ref = schema.path("$ref").asText();
                assertThat(ref).as(op.getKey() + " " + r.getKey() + " answers a named schema").startsWith("#/components/schemas/");
                if (op.getKey().startsWith("GET ") && ref.contains("Page_")) {
                    JsonNode page = contract.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1) + "/properties");
                    assertThat(page.has("items") && page.has("next")).as(ref).isTrue();
                }
            });
        }
    }

    @Test
    void timesAreIsoDateTimes() {
        contract.at("/components/schemas").fields().forEachRemaining(schema -> schema.getValue().path("properties").fields()
                .forEachRemaining(p -> {
                    if (p.getKey().endsWith("_at")) {
                        assertThat(p.getValue().path("format").asText()).as(schema.getKey() + "." + p.getKey()).isEqualTo("date-time");
                    }
                }));
    }

    @Test
    void everyRequestExampleFitsItsSchema() {
        int checked = 0;
        for (Map.Entry<String, JsonNode> op : operations()) {
            JsonNode body = op.getValue().at("/requestBody/content/application~1json");
            for (JsonNode example : body.path("examples")) {
                assertFits(op.getKey(), example.path("value"), body.path("schema"));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    /** Named members of objects are properties of their schema, and required ones are present, all the way down. */
    private void assertFits(String where, JsonNode value, JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (value.isObject() && resolved.has("properties")) {
            JsonNode properties = resolved.path("properties");
            value.fieldNames().forEachRemaining(name -> assertThat(properties.has(name)).as(where + ": " + name).isTrue());
            resolved.path("required").forEach(r -> assertThat(value.has(r.asText())).as(where + " requires " + r).isTrue());
            value.fields().forEachRemaining(f -> assertFits(where + "/" + f.getKey(), f.getValue(), properties.path(f.getKey())));
        } else if (value.isArray() && resolved.has("items")) {
            value.forEach(item -> assertFits(where + "/item", item, resolved.path("items")));
        }
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asText();
            return resolve(contract.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1)));
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(schema.path("allOf").get(0));
        }
        return schema;
    }
}
