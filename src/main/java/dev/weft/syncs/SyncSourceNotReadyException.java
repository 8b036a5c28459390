package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.definitions.Problem;

/**
 * A sync whose source (its model, or an audience's traits model) is not in the warehouse yet, so its columns
 * cannot be checked: refused until the models have run (the API answers 409 {@code not_ready}).
 */
public class SyncSourceNotReadyException extends WeftException {

    private final Problem problem;

    SyncSourceNotReadyException(String where, Problem problem) {
        super(where + ": " + problem.path() + ": " + problem.problem());
        this.problem = problem;
    }

    /** The source field naming the missing table and what is missing. */
    public Problem problem() {
        return problem;
    }
}
