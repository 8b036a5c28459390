package dev.weft.audiences;

import java.util.List;

/** A validated audience: its conditions (all must hold; none means every profile) and an optional split. */
public record AudienceDefinition(String name, String description, List<Condition> conditions, Split split) {

    public AudienceDefinition {
        conditions = List.copyOf(conditions);
    }

    /**
     * Parses and validates a definition (JSON, as in {@code audiences/*.json}) against the warehouse's catalogue.
     *
     * @throws InvalidAudienceException listing every problem, each with its JSON Pointer
     */
    public static AudienceDefinition parse(com.fasterxml.jackson.databind.JsonNode node, AudienceSchema schema) {
        return DefinitionParser.parse(node, "", schema, false);
    }

    /** The root as one group, as the compiler reads it. */
    Condition root() {
        return new Condition.Group("/conditions", true, conditions);
    }
}
