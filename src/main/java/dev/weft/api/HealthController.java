package dev.weft.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/** Liveness for load balancers and orchestrators; needs no token. */
@Tag(name = "service")
@Controller("/health")
public class HealthController {

    @Get
    @Operation(summary = "Liveness: answers {\"status\": \"up\"} without auth", security = {})
    public Map<String, String> health() {
        return Map.of("status", "up");
    }
}
