package dev.weft.destinations.customerio;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * Customer.io's Track API (https://track.customer.io, or https://track-eu.customer.io for EU workspaces),
 * authenticated with HTTP Basic: the Track API credentials' site id as user name, the API key as password.
 * Written from Customer.io's published Track API OpenAPI document (docs.customer.io/api/track/).
 */
interface CustomerIoApi {

    /**
     * Track v2 {@code /batch}: one entity operation per array element. The request must be smaller than
     * 500 kB and each operation 32 kB or smaller. 200 means every operation was accepted; 207 lists the
     * invalid ones as {@code errors[]} of {@code {batch_index, reason, field, message}} (all others were
     * accepted); 400 means the whole request was malformed ({@code errors[]} without indexes).
     * The body is sent as bytes already measured against those limits.
     */
    @POST("api/v2/batch")
    Call<ResponseBody> batch(@Body RequestBody batch);

    /**
     * Adds people to a manual segment: at most 1,000 {@code ids} per request, all of the {@code id_type}
     * ({@code id}, {@code email} or {@code cio_id}); values of another type are ignored.
     */
    @POST("api/v1/segments/{segment_id}/add_customers")
    Call<ResponseBody> addToSegment(@Path("segment_id") long segmentId, @Query("id_type") String idType, @Body JsonNode ids);

    /** Removes people from a manual segment, with the same shape and limit as {@link #addToSegment}. */
    @POST("api/v1/segments/{segment_id}/remove_customers")
    Call<ResponseBody> removeFromSegment(@Path("segment_id") long segmentId, @Query("id_type") String idType, @Body JsonNode ids);

    /**
     * The account's region ({@code us} or {@code eu}), its Track API URL and the workspace
     * ({@code environment_id}) the credentials are valid for: a cheap authenticated read.
     */
    @GET("api/v1/accounts/region")
    Call<JsonNode> region();
}
