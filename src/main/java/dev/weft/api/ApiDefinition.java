package dev.weft.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's header; micronaut-openapi generates the rest from the controllers at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "Weft", version = "0.1.0",
                description = "Warehouse-native identity resolution and reverse ETL. Every /v1 route needs "
                        + "Authorization: Bearer <token> with the scope the route names; errors answer "
                        + "{\"error\": {\"code\", \"message\", \"details\": [{\"path\", \"problem\"}]}}."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class ApiDefinition {

    private ApiDefinition() {
    }
}
