package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.Path;

/**
 * The Google Ads API's REST interface (developers.google.com/google-ads/api/rest/reference): the
 * OfflineUserDataJobService that uploads Customer Match members as asynchronous jobs, and
 * GoogleAdsService.Search, the only way to read a job's or a user list's state (resources have no GET).
 * A job's resource name is {@code customers/{customerId}/offlineUserDataJobs/{jobId}}.
 */
interface GoogleAdsApi {

    /** Body {@code {job: {type, externalId, customerMatchUserListMetadata}}}; answers {@code {resourceName}}. */
    @POST("{version}/customers/{customerId}/offlineUserDataJobs:create")
    Call<JsonNode> createJob(@Path("version") String version, @Path("customerId") String customerId, @Body JsonNode body);

    /**
     * Body {@code {enablePartialFailure, operations: [{create|remove: {userIdentifiers}}]}}; with partial
     * failure on, rejected operations come back in {@code partialFailureError} and the others are kept.
     */
    @POST("{version}/{job}:addOperations")
    Call<JsonNode> addOperations(@Path("version") String version, @Path(value = "job", encoded = true) String jobResourceName,
                                 @Body JsonNode body);

    /** Starts processing the job's operations; answers a long-running operation we do not need (we poll the job). */
    @POST("{version}/{job}:run")
    Call<JsonNode> runJob(@Path("version") String version, @Path(value = "job", encoded = true) String jobResourceName,
                          @Body JsonNode body);

    /** Body {@code {query}} in GAQL; answers {@code {results: [...], nextPageToken?}}. */
    @POST("{version}/customers/{customerId}/googleAds:search")
    Call<JsonNode> search(@Path("version") String version, @Path("customerId") String customerId, @Body JsonNode body);
}
