package dev.weft.destinations.salesforce;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared destination behaviour against a fake Salesforce org, through sObject Collections (small
 * batches stay below the bulk threshold). {@link SalesforceBulkDestinationContractTest} runs the same
 * suite through Bulk API 2.0 jobs.
 */
class SalesforceDestinationContractTest extends DestinationContract {

    protected FakeSalesforce salesforce;

    /** The record key doubles as the external ID, so what the fake holds is keyed as the suite expects. */
    static final String EXTERNAL_ID = "Weft_Id__c";

    protected String bulkThreshold() {
        return "10000";
    }

    @Override
    protected Destination openDestination() throws IOException {
        salesforce = new FakeSalesforce();
        serve(salesforce);
        return open(FakeSalesforce.CLIENT_SECRET);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("wrong-secret");
    }

    private Destination open(String secret) {
        DestinationConnection connection = new DestinationConnection("c1", "org", "salesforce",
                Map.of("base-url", server.url("/").toString()),
                Map.of("client-id", FakeSalesforce.CLIENT_ID, "client-secret", secret));
        return new SalesforceDestinationProvider().open(connection,
                Map.of("object", "Contact", "external-id-field", EXTERNAL_ID, "bulk-threshold", bulkThreshold()));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(EXTERNAL_ID, "key-" + i);
        fields.put("LastName", "Name " + i);
        fields.put("Email", "user" + i + "@example.com");
        fields.put("Lifetime_Value__c", 10.5 * i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        salesforce.records("Contact").forEach((id, fields) -> held.put(id, new LinkedHashMap<>(fields)));
        return held;
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        Assumptions.abort("Salesforce has no 429/Retry-After: an exhausted 24-hour allocation answers 403 "
                + "REQUEST_LIMIT_EXCEEDED (covered in SalesforceDestinationTest)");
    }

    @Override
    protected void failNextCallWithServerError() {
        salesforce.failNext(new MockResponse().setResponseCode(503)
                .setBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"Server unavailable\"}]"));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        rejections.forEach((key, r) -> salesforce.reject(key, r.retryable(), r.message()));
    }
}
