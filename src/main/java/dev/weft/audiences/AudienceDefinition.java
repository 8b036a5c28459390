package dev.weft.audiences;

import java.util.List;

/** A validated audience: its conditions (all must hold; none means every profile) and an optional split. */
public record AudienceDefinition(String name, String description, List<Condition> conditions, Split split) {

    public AudienceDefinition {
        conditions = List.copyOf(conditions);
    }

    /** The root as one group, as the compiler reads it. */
    Condition root() {
        return new Condition.Group("/conditions", true, conditions);
    }
}
