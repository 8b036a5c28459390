package dev.weft.definitions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** Checks every JSON definition reader makes the same way, each problem at its JSON Pointer. */
public final class JsonChecks {

    public static final String NUL_PROBLEM = "must not contain the NUL character (U+0000)";

    private JsonChecks() {
    }

    /**
     * A problem for each member of the object {@code node} (at {@code at}) whose name is not {@code allowed},
     * in document order; {@code problem} is what each says (readers word it their own way).
     */
    public static List<Problem> unknownMembers(JsonNode node, String at, Collection<String> allowed, String problem) {
        List<Problem> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                out.add(new Problem(JsonPointers.member(at, name), problem));
            }
        }
        return out;
    }

    /** A problem for each string (value or member name) under {@code node} that holds U+0000. */
    public static List<Problem> nulCharacters(JsonNode node, String at) {
        List<Problem> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isTextual() && node.asText().indexOf('\u0000') >= 0) {
            out.add(new Problem(at.isEmpty() ? "/" : at, NUL_PROBLEM));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(nulCharacters(node.get(i), at + "/" + i));
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String member = JsonPointers.member(at, name);
            if (name.indexOf('\u0000') >= 0) {
                out.add(new Problem(member, "the member name " + NUL_PROBLEM));
            }
            out.addAll(nulCharacters(node.get(name), member));
        }
        return out;
    }
}
