package dev.weft.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Liveness for load balancers and orchestrators; needs no token. */
@Tag(name = "service")
@Controller("/health")
public class HealthController {

    /** Always {@code up}: a process that answers is alive. */
    public record Health(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "up") String status) {
    }

    @Get
    @Operation(operationId = "health", summary = "Liveness: answers {\"status\": \"up\"} without auth", security = {})
    public Health health() {
        return new Health("up");
    }
}
