package dev.weft.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's header; micronaut-openapi generates the rest from the controllers at compile time.
 * Every controller carries one of these tags (redocly.yaml checks it).
 */
@OpenAPIDefinition(
        info = @Info(title = "Weft", version = "0.1.0",
                description = "Warehouse-native identity resolution and reverse ETL. Every /v1 route needs "
                        + "Authorization: Bearer <token> with the scope the route names; errors answer "
                        + "{\"error\": {\"code\", \"message\", \"details\": [{\"path\", \"problem\"}]}}."),
        // Relative: the server the contract was fetched from, so /docs/api tries requests against itself
        // whatever WEFT_HOST and WEFT_PORT say.
        servers = @Server(url = "/", description = "the weft serve that published this contract"),
        tags = {
                @Tag(name = "service", description = "Liveness and the calling token"),
                @Tag(name = "models", description = "SQL models: list, inspect, run"),
                @Tag(name = "identity", description = "Identity resolution: profiles and why identifiers share one"),
                @Tag(name = "audiences", description = "Audiences: definitions, versions, previews, overlaps, runs"),
                @Tag(name = "connections", description = "Destination connections and their sealed secrets"),
                @Tag(name = "syncs", description = "Syncs: definitions, dry runs, runs and their errors"),
                @Tag(name = "pipeline", description = "The pipeline: its DAG of assets, runs that build what is stale, their history"),
                @Tag(name = "tokens", description = "API tokens: create with scopes and an expiry, list, revoke (admin)"),
                @Tag(name = "audit", description = "The audit log of every write (admin)")
        },
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class ApiDefinition {

    private ApiDefinition() {
    }
}
