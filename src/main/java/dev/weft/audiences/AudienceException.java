package dev.weft.audiences;

import dev.weft.WeftException;
import dev.weft.definitions.Problem;

import java.util.List;

/**
 * What the audiences feature refuses: a sentence for people and, where input is at fault, one problem
 * per offending field. The API answers each kind with its own status; the CLI prints message and problems.
 */
public abstract class AudienceException extends WeftException {

    private final List<Problem> problems;

    AudienceException(String message, List<Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
