package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered set of audiences, highest priority first, where each profile counts only in the first one it
 * is a member of: for mutually exclusive campaigns. Kept in git ({@code audiences/priority-lists/<id>.json},
 * read-only through REST) or in the store (made through the API). {@code invalid} says why a git file is
 * no priority list (its audiences are then empty).
 */
public record PriorityList(String id, String name, List<String> audiences, String source, @Nullable String file,
                           Instant createdAt, String createdBy, Instant updatedAt, String updatedBy, @Nullable String invalid) {

    /** Fewer would cut nothing; more would make a statement too large to read. */
    static final int MIN_AUDIENCES = 2;
    static final int MAX_AUDIENCES = 20;

    public PriorityList {
        audiences = List.copyOf(audiences);
    }

    /** A definition as written: {@code {"name": ..., "audiences": [highest priority first, ...]}}. */
    record Definition(String name, List<String> audiences) {
    }

    public boolean fromGit() {
        return "git".equals(source);
    }

    static PriorityList invalidFile(String id, String file, Instant modified, String problem) {
        return new PriorityList(id, id, List.of(), "git", file, modified, "git", modified, "git", problem);
    }

    /**
     * Reads a definition, each problem at its JSON Pointer; which audiences exist is checked by the caller.
     * {@code nameRequired} false for git files, whose name defaults to the file's ID.
     */
    static Definition parse(JsonNode node, boolean nameRequired) {
        List<Problem> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new InvalidAudienceException("invalid priority list", List.of(new Problem("/", "must be a JSON object")));
        }
        problems.addAll(JsonChecks.unknownMembers(node, "", Set.of("name", "audiences"), "unknown field: a priority list has name and audiences"));
        problems.addAll(JsonChecks.nulCharacters(node, ""));
        JsonNode nameNode = node.get("name");
        String name = null;
        if (nameNode == null || nameNode.isNull()) {
            if (nameRequired) {
                problems.add(new Problem("/name", "is required"));
            }
        } else if (!nameNode.isTextual() || nameNode.asText().isBlank() || nameNode.asText().length() > 200) {
            problems.add(new Problem("/name", "must be a non-empty string of at most 200 characters"));
        } else {
            name = nameNode.asText();
        }
        JsonNode list = node.get("audiences");
        List<String> audiences = new ArrayList<>();
        if (list == null || !list.isArray()) {
            problems.add(new Problem("/audiences", "is required: an array of audience IDs, highest priority first"));
        } else if (list.size() < MIN_AUDIENCES || list.size() > MAX_AUDIENCES) {
            problems.add(new Problem("/audiences", "must name " + MIN_AUDIENCES + " to " + MAX_AUDIENCES + " audiences, got " + list.size()));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = JsonPointers.member("/audiences", String.valueOf(i));
                JsonNode a = list.get(i);
                if (!a.isTextual() || !GitAudiences.ID.matcher(a.asText()).matches()) {
                    problems.add(new Problem(at, "must be an audience ID"));
                } else if (!seen.add(a.asText())) {
                    problems.add(new Problem(at, "audience '" + a.asText() + "' is listed twice: a profile has one priority in a list"));
                } else {
                    audiences.add(a.asText());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAudienceException("invalid priority list", problems);
        }
        return new Definition(name, audiences);
    }
}
