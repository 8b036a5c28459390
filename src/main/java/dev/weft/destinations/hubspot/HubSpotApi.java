package dev.weft.destinations.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * HubSpot's CRM objects API (v3). Batch calls take at most 100 inputs and answer 200 when every input
 * succeeded, 207 (multi-status) with an {@code errors} array when some failed.
 */
interface HubSpotApi {

    /** Creates or updates records matched by the unique property each input names in {@code idProperty}. */
    @POST("crm/v3/objects/{objectType}/batch/upsert")
    Call<JsonNode> batchUpsert(@Path("objectType") String objectType, @Body JsonNode body);

    /** Updates existing records matched by {@code idProperty}; unknown ids come back as errors. */
    @POST("crm/v3/objects/{objectType}/batch/update")
    Call<JsonNode> batchUpdate(@Path("objectType") String objectType, @Body JsonNode body);

    /** Reads records by a unique property; unknown values come back as OBJECT_NOT_FOUND errors. */
    @POST("crm/v3/objects/{objectType}/batch/read")
    Call<JsonNode> batchRead(@Path("objectType") String objectType, @Body JsonNode body);

    /**
     * Adds and removes records (by HubSpot record id) to and from a list whose processing type is
     * {@code MANUAL} or {@code SNAPSHOT}; answers which ids were added, removed and missing.
     */
    @PUT("crm/v3/lists/{listId}/memberships/add-and-remove")
    Call<JsonNode> updateListMemberships(@Path("listId") String listId, @Body JsonNode body);

    /** One page of records: the cheapest authenticated read, used by the connection test. */
    @GET("crm/v3/objects/{objectType}")
    Call<JsonNode> list(@Path("objectType") String objectType, @Query("limit") int limit);
}
