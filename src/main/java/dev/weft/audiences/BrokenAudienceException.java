package dev.weft.audiences;

import dev.weft.definitions.Problem;

import java.util.List;

/**
 * A saved audience (a git file or a stored definition) that is no valid audience, or no longer fits the
 * warehouse's models: nothing the request could fix (the API answers 409).
 */
public class BrokenAudienceException extends AudienceException {

    public BrokenAudienceException(String message, List<Problem> problems) {
        super(message, problems);
    }
}
