package dev.weft.api.audiences;

import dev.weft.audiences.AudienceBuilderCatalog;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** {@code GET /v1/catalog}'s answer: the domain's catalog, with sample values typed as the scalars they are. */
@Schema(name = "Catalog")
record CatalogView(List<TraitView> traits, List<AudienceBuilderCatalog.Event> events,
                   List<AudienceBuilderCatalog.AudienceChoice> audiences,
                   @Schema(description = "the operators of a membership condition (type audience) and the fields each takes")
                   List<AudienceBuilderCatalog.MembershipOperator> membershipOperators,
                   @ArraySchema(schema = @Schema(description = "a numeric column of the events model", example = "revenue"))
                   @Nullable List<String> aggregateProperties) {

    /** A traits column, its type and up to 5 distinct values seen, smallest first (none for JSON columns). */
    @Schema(name = "CatalogTrait")
    record TraitView(String column,
                     @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "varchar") String type,
                     @ArraySchema(schema = @Schema(anyOf = {String.class, Double.class, Boolean.class}, description = "a value seen"))
                     List<Object> sampleValues) {
    }

    static CatalogView of(AudienceBuilderCatalog.Catalog c) {
        return new CatalogView(c.traits().stream().map(t -> new TraitView(t.column(), t.type(), t.sampleValues())).toList(),
                c.events(), c.audiences(), c.membershipOperators(),
                c.aggregateProperties().isEmpty() ? null : c.aggregateProperties()); // absent, as an empty list would be
    }
}
