package dev.weft.api;

import dev.weft.WeftException;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.WarehouseTimeoutException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test-only routes that exercise auth and every kind of error the API answers. */
final class ThrowawayControllers {

    private ThrowawayControllers() {
    }

    enum Colour { RED, GREEN }

    @Introspected
    record Condition(@NotBlank String trait, @NotNull String value) {
    }

    @Introspected
    record Window(int days) {
        Window {
            if (days < 0) {
                throw new IllegalArgumentException("days must not be negative");
            }
        }
    }

    @Introspected
    record Thing(@NotBlank String name, @Min(1) @Max(10) int count, Colour colour,
                 @Valid List<Condition> conditions, Window window) {
    }

    @Requires(env = "test")
    @Controller("/v1/test-only")
    static class MethodScoped {

        @Get("/read")
        @RequiresScope("audiences:read")
        Map<String, String> read() {
            return Map.of("ok", "read");
        }

        @Post("/things")
        @RequiresScope("audiences:write")
        Thing create(@Body @Valid Thing thing) {
            return thing;
        }

        @Get("/limited")
        @RequiresScope("audiences:read")
        Map<String, Integer> limited(@QueryValue @Min(1) int limit) {
            return Map.of("limit", limit);
        }

        @Get("/api-error")
        @RequiresScope("audiences:read")
        Map<String, String> apiError() {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "audience_cycle", "audience a refers to itself",
                    List.of(new ApiException.Detail("/conditions/0/audience", "refers to the audience being defined")));
        }

        @Get("/weft-error")
        @RequiresScope("audiences:read")
        Map<String, String> weftError() {
            throw new WeftException("audience 'vip': unknown trait 'ltv' (known: lifetime_value, country)");
        }

        @Get("/warehouse-error")
        @RequiresScope("audiences:read")
        Map<String, String> warehouseError() {
            // Wrapped, as a service would let it through: the mapping looks along the causes.
            throw new IllegalStateException("materializing failed", new WarehouseException("warehouse 'local' (postgres): "
                    + "ERROR: column \"ltv\" does not exist\n  in: SELECT p.profile_id FROM secret_traits p WHERE p.ltv > ?", null));
        }

        @Get("/warehouse-timeout")
        @RequiresScope("audiences:read")
        Map<String, String> warehouseTimeout() {
            throw new WarehouseTimeoutException("warehouse 'local' (duckdb): stopped after the 10 s limit for interactive queries"
                    + "\n  in: SELECT count(*) FROM secret_traits", Duration.ofSeconds(10), null);
        }

        @Get("/broken-bean")
        @RequiresScope("audiences:read")
        Map<String, String> brokenBean() {
            throw new BeanInstantiationException("store", new WeftException("weft.store: cannot open the store at jdbc:x"));
        }

        @Get("/boom")
        @RequiresScope("audiences:read")
        Map<String, String> boom() {
            throw new IllegalStateException("connection string jdbc:secret was wrong");
        }

        @Get("/no-scope")
        Map<String, String> noScope() {
            return Map.of("ok", "token only");
        }
    }

    @Requires(env = "test")
    @Controller("/v1/test-only-class")
    @RequiresScope("syncs:write")
    static class ClassScoped {

        @Get
        Map<String, String> get() {
            return Map.of("ok", "class");
        }
    }
}
