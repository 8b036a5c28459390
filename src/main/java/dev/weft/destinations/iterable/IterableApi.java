package dev.weft.destinations.iterable;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;

/**
 * Iterable's API (authenticated with a server-side key in the {@code Api-Key} header). The bulk calls
 * answer 200 with {@code successCount}, {@code failCount} and the identifiers that failed, grouped by
 * reason ({@code invalidEmails}, {@code invalidUserIds}, {@code failedUpdates.*}).
 */
interface IterableApi {

    /** Creates or updates users, merging data fields. 10 requests/second per project. */
    @POST("api/users/bulkUpdate")
    Call<JsonNode> bulkUpdateUsers(@Body JsonNode body);

    /** Adds users to a static list (creating unknown users unless updateExistingUsersOnly). */
    @POST("api/lists/subscribe")
    Call<JsonNode> subscribe(@Body JsonNode body);

    /** Removes users from a static list. */
    @POST("api/lists/unsubscribe")
    Call<JsonNode> unsubscribe(@Body JsonNode body);

    /** The project's lists: a cheap authenticated read for the connection test. */
    @GET("api/lists")
    Call<JsonNode> lists();
}
