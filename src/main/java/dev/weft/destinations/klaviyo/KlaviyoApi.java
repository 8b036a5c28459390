package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.HTTP;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Url;

/**
 * Klaviyo's JSON:API endpoints (https://a.klaviyo.com/api), authenticated with a private key
 * ({@code Authorization: Klaviyo-API-Key pk_...}) and pinned to an API {@code revision}. Collections are
 * paged with {@code page[size]} (at most 100) and a {@code links.next} URL.
 */
interface KlaviyoApi {

    /**
     * Bulk Import Profiles: an asynchronous upsert of at most 10,000 profiles and 5 MB per job, optionally
     * adding them to lists. Answers 202 with the job. Burst 10/s, steady 150/m; scopes lists:write, profiles:write.
     */
    @POST("api/profile-bulk-import-jobs")
    Call<JsonNode> createImportJob(@Body RequestBody job);

    /** The job's {@code status} (queued, processing, complete, cancelled) and its counts. */
    @GET("api/profile-bulk-import-jobs/{id}")
    Call<JsonNode> importJob(@Path("id") String jobId);

    /** The profiles a job could not import, each with {@code code}, {@code detail} and its {@code original_payload}. */
    @GET("api/profile-bulk-import-jobs/{id}/import-errors")
    Call<JsonNode> importErrors(@Path("id") String jobId, @Query("page[size]") int pageSize);

    /** The account's import jobs: a cheap read that needs the scopes polling needs (lists:read, profiles:read). */
    @GET("api/profile-bulk-import-jobs")
    Call<JsonNode> importJobs(@Query("page[size]") int pageSize);

    /** Profiles by identifier, e.g. {@code any(email,["a@x.com","b@x.com"])}; burst 75/s, steady 750/m. */
    @GET("api/profiles")
    Call<JsonNode> profiles(@Query("filter") String filter, @Query("fields[profile]") String fields,
                            @Query("page[size]") int pageSize);

    /** Takes at most 1,000 profiles (by id) off a list; their consent is untouched. Answers 204. */
    @HTTP(method = "DELETE", path = "api/lists/{id}/relationships/profiles", hasBody = true)
    Call<Void> removeFromList(@Path("id") String listId, @Body RequestBody profiles);

    @GET("api/lists/{id}")
    Call<JsonNode> list(@Path("id") String listId);

    /** The next page of a collection, by the {@code links.next} URL Klaviyo returned. */
    @GET
    Call<JsonNode> page(@Url String url);
}
