package dev.weft.destinations.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;

/**
 * Salesforce's REST API on the org's instance URL: sObject Collections (synchronous, at most 200
 * records per request) and Bulk API 2.0 ingest jobs (asynchronous, CSV).
 */
interface SalesforceApi {

    /** Upserts up to 200 records of one object on an external ID field; results come back in request order. */
    @PATCH("services/data/{version}/composite/sobjects/{object}/{externalIdField}")
    Call<JsonNode> upsertCollection(@Path("version") String version, @Path("object") String object,
                                    @Path("externalIdField") String externalIdField, @Body JsonNode body);

    @POST("services/data/{version}/jobs/ingest")
    Call<JsonNode> createIngestJob(@Path("version") String version, @Body JsonNode job);

    @PUT("services/data/{version}/jobs/ingest/{jobId}/batches")
    @Headers("Content-Type: text/csv")
    Call<Void> uploadJobData(@Path("version") String version, @Path("jobId") String jobId, @Body RequestBody csv);

    /** Sets the job's state; {@code UploadComplete} starts processing. */
    @PATCH("services/data/{version}/jobs/ingest/{jobId}")
    Call<JsonNode> setJobState(@Path("version") String version, @Path("jobId") String jobId, @Body JsonNode state);

    @GET("services/data/{version}/jobs/ingest/{jobId}")
    Call<JsonNode> ingestJob(@Path("version") String version, @Path("jobId") String jobId);

    /** The rows that failed, as CSV: {@code sf__Id}, {@code sf__Error}, then the columns uploaded. */
    @GET("services/data/{version}/jobs/ingest/{jobId}/failedResults/")
    Call<ResponseBody> failedResults(@Path("version") String version, @Path("jobId") String jobId);

    /** The org's limits: a cheap authenticated read for the connection test. */
    @GET("services/data/{version}/limits")
    Call<JsonNode> limits(@Path("version") String version);
}
