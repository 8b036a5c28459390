package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.definitions.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A sync definition with problems, each at a JSON Pointer into the definition. */
public class InvalidSyncException extends WeftException {

    private final List<Problem> problems;

    public InvalidSyncException(String where, List<Problem> problems) {
        super(where + ": " + problems.stream().map(p -> p.path() + ": " + p.problem()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
