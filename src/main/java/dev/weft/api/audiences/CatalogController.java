package dev.weft.api.audiences;

import dev.weft.api.ErrorBody;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.AudienceBuilderCatalog;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /v1/catalog}: what an audience can be built from, so a client offers choices instead of free text. */
@Controller("/v1/catalog")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audiences")
public class CatalogController {

    private final AudienceBuilderCatalog catalog;

    public CatalogController(AudienceBuilderCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    @RequiresScope("audiences:read")
    @Operation(operationId = "getCatalog", summary = "Traits columns with types and sample values, events with their "
            + "properties, and the audiences a definition may use")
    @ApiResponse(responseCode = "200", description = "The catalog")
    @ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks audiences:read",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "not_ready: the traits or events model is not in the warehouse yet",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public CatalogView catalog() {
        return CatalogView.of(catalog.read());
    }
}
