package dev.weft.warehouse.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.warehouse.WarehouseConfig;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The parts of the BigQuery REST API v2 that {@link BigQueryWarehouse} uses, as documented: datasets.get,
 * tables.get/list, jobs.insert/get, jobs.getQueryResults, tabledata.list (paged by maxResults and
 * pageToken) and resumable media uploads for load jobs. It runs no SQL: each query job's result comes
 * from the test's {@link #answer} function, and every job and upload is recorded for assertions.
 */
final class FakeBigQueryApi implements AutoCloseable {

    static final String PROJECT = "p";
    static final String DATASET = "d";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a query job returns: a schema (name, legacy type) and rows of string cells, or an error. */
    record Result(List<String[]> fields, List<Object[]> rows, String error, long dmlRows) {
        static Result rows(List<String[]> fields, List<Object[]> rows) {
            return new Result(fields, rows, null, -1);
        }

        static Result dml(long affected) {
            return new Result(List.of(), List.of(), null, affected);
        }

        static Result error(String message) {
            return new Result(List.of(), List.of(), message, -1);
        }
    }

    /** One inserted job: its configuration as sent. */
    record JobRequest(String id, JsonNode configuration) {
        String query() {
            return configuration.path("query").path("query").asText();
        }

        JsonNode parameters() {
            return configuration.path("query").path("queryParameters");
        }
    }

    final MockWebServer server = new MockWebServer();
    final List<JobRequest> jobs = new CopyOnWriteArrayList<>();
    final List<String> uploads = new CopyOnWriteArrayList<>();
    final List<String> dataPageRequests = new CopyOnWriteArrayList<>();
    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> tables = new ConcurrentHashMap<>();
    volatile Function<JobRequest, Result> answer = job -> Result.dml(0);
    volatile String loadError;

    FakeBigQueryApi() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return handle(request);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        server.start();
    }

    WarehouseConfig config() {
        return new WarehouseConfig("bq", "bigquery", null, null, null, server.url("/").toString(), null, null, null,
                null, null, null, null, PROJECT, DATASET, "EU", null, null);
    }

    /** Adds a table (or view) with columns given as name, legacy type pairs. */
    void table(String name, String type, String... columns) {
        ObjectNode t = JSON.createObjectNode();
        t.putObject("tableReference").put("projectId", PROJECT).put("datasetId", DATASET).put("tableId", name);
        t.put("type", type);
        ArrayNode fields = t.putObject("schema").putArray("fields");
        for (int i = 0; i < columns.length; i += 2) {
            fields.addObject().put("name", columns[i]).put("type", columns[i + 1]).put("mode", "NULLABLE");
        }
        tables.put(name, t);
    }

    private MockResponse handle(RecordedRequest r) throws IOException {
        String path = r.getPath();
        String route = path.replaceAll("\\?.*", "");
        String base = "/bigquery/v2/projects/" + PROJECT;
        if (route.equals(base + "/datasets/" + DATASET)) {
            return json(JSON.createObjectNode().set("datasetReference",
                    JSON.createObjectNode().put("projectId", PROJECT).put("datasetId", DATASET)));
        }
        if (route.startsWith(base + "/datasets/") && route.endsWith("/data")) {
            return dataPage(route.split("/")[8], r);
        }
        if (route.equals(base + "/datasets/" + DATASET + "/tables")) {
            ObjectNode list = JSON.createObjectNode();
            ArrayNode items = list.putArray("tables");
            tables.values().forEach(t -> items.addObject().put("type", t.path("type").asText())
                    .set("tableReference", t.get("tableReference")));
            return json(list);
        }
        if (route.startsWith(base + "/datasets/" + DATASET + "/tables/")) {
            ObjectNode t = tables.get(route.substring(route.lastIndexOf('/') + 1));
            return t == null ? notFound("Not found: Table " + route) : json(t);
        }
        if (route.equals(base + "/jobs") && r.getMethod().equals("POST")) {
            JsonNode body = JSON.readTree(body(r));
            JobRequest job = new JobRequest(body.path("jobReference").path("jobId").asText(), body.path("configuration"));
            jobs.add(job);
            results.put(job.id(), answer.apply(job));
            return json(job(job.id()));
        }
        if (route.startsWith(base + "/jobs/")) {
            return json(job(route.substring(route.lastIndexOf('/') + 1)));
        }
        if (route.startsWith(base + "/queries/")) {
            String id = route.substring(route.lastIndexOf('/') + 1);
            Result result = results.get(id);
            ObjectNode response = JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse").put("jobComplete", true)
                    .put("totalRows", String.valueOf(result.rows().size()));
            response.set("jobReference", job(id).get("jobReference"));
            response.set("schema", schema(result));
            return json(response);
        }
        if (route.equals("/upload/bigquery/v2/projects/" + PROJECT + "/jobs")) {
            JsonNode body = JSON.readTree(body(r));
            jobs.add(new JobRequest(body.path("jobReference").path("jobId").asText(), body.path("configuration")));
            return new MockResponse().setHeader("Location", server.url("/upload-session/" + jobs.size()).toString());
        }
        if (route.startsWith("/upload-session/")) {
            uploads.add(body(r));
            JobRequest load = jobs.get(Integer.parseInt(route.substring(route.lastIndexOf('/') + 1)) - 1);
            ObjectNode job = JSON.createObjectNode().put("kind", "bigquery#job");
            job.putObject("jobReference").put("projectId", PROJECT).put("jobId", load.id()).put("location", "EU");
            job.set("configuration", load.configuration());
            ObjectNode status = job.putObject("status").put("state", "DONE");
            if (loadError != null) {
                status.putObject("errorResult").put("reason", "invalid").put("message", loadError);
            }
            results.put(load.id(), loadError == null ? Result.dml(0) : Result.error(loadError));
            return json(job);
        }
        return notFound("no route " + r.getMethod() + " " + path);
    }

    private ObjectNode job(String id) {
        Result result = results.get(id);
        ObjectNode job = JSON.createObjectNode().put("kind", "bigquery#job");
        job.putObject("jobReference").put("projectId", PROJECT).put("jobId", id).put("location", "EU");
        job.putObject("configuration").putObject("query").put("query", "-")
                .putObject("destinationTable").put("projectId", PROJECT).put("datasetId", "_anon").put("tableId", "result_" + id);
        ObjectNode status = job.putObject("status").put("state", "DONE");
        if (result.error() != null) {
            status.putObject("errorResult").put("reason", "invalidQuery").put("message", result.error());
            status.putArray("errors").addObject().put("reason", "invalidQuery").put("message", result.error());
        }
        ObjectNode query = job.putObject("statistics").putObject("query");
        if (result.dmlRows() >= 0) {
            query.put("numDmlAffectedRows", String.valueOf(result.dmlRows()));
        }
        return job;
    }

    private MockResponse dataPage(String table, RecordedRequest r) {
        dataPageRequests.add(r.getPath());
        Result result = results.get(table.substring("result_".length()));
        // The page token is opaque to clients; this one carries the offset and the first request's page size.
        String[] token = param(r, "pageToken", "0:" + param(r, "maxResults", "100000")).split(":");
        int start = Integer.parseInt(token[0]);
        int max = Integer.parseInt(token[1]);
        int end = Math.min(result.rows().size(), start + max);
        ObjectNode page = JSON.createObjectNode().put("kind", "bigquery#tableDataList")
                .put("totalRows", String.valueOf(result.rows().size()));
        if (end < result.rows().size()) {
            page.put("pageToken", end + ":" + max);
        }
        ArrayNode rows = page.putArray("rows");
        for (Object[] row : result.rows().subList(start, end)) {
            ArrayNode cells = rows.addObject().putArray("f");
            for (Object v : row) {
                ObjectNode cell = cells.addObject();
                if (v == null) {
                    cell.putNull("v");
                } else {
                    cell.put("v", v.toString());
                }
            }
        }
        return json(page);
    }

    private static ObjectNode schema(Result result) {
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode fields = schema.putArray("fields");
        for (String[] f : result.fields()) {
            fields.addObject().put("name", f[0]).put("type", f[1]).put("mode", "NULLABLE");
        }
        return schema;
    }

    private static String param(RecordedRequest r, String name, String fallback) {
        String v = r.getRequestUrl().queryParameter(name);
        return v == null ? fallback : v;
    }

    private static String body(RecordedRequest r) throws IOException {
        byte[] bytes = r.getBody().readByteArray();
        if ("gzip".equals(r.getHeader("Content-Encoding"))) {
            bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static MockResponse json(JsonNode body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    private static MockResponse notFound(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", 404).put("message", message)
                .putArray("errors").addObject().put("reason", "notFound").put("message", message);
        return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json").setBody(error.toString());
    }

    List<String> queries() {
        List<String> out = new ArrayList<>();
        jobs.forEach(j -> out.add(j.query()));
        return out;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
