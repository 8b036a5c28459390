package dev.weft.destinations.braze;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;

/** Braze's REST API on the workspace's instance endpoint (e.g. {@code https://rest.iad-01.braze.com}). */
interface BrazeApi {

    /**
     * Creates and updates user profiles: at most 75 objects per request in total across
     * {@code attributes}, {@code events} and {@code purchases}. Answers 201 with {@code "message":
     * "success"} and, for objects it could not take, non-fatal {@code errors} naming the array and index.
     */
    @POST("users/track")
    Call<JsonNode> track(@Body JsonNode body);

    /** The workspace's custom event names: a cheap authenticated read for the connection test. */
    @GET("events/list")
    Call<JsonNode> listEvents();
}
