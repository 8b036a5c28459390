package dev.weft.audiences;

import dev.weft.definitions.Problem;

import java.util.List;

/** A definition or request with problems, each at a JSON Pointer into what was sent (the API answers 400). */
public class InvalidAudienceException extends AudienceException {

    public InvalidAudienceException(String message, List<Problem> problems) {
        super(message, problems);
    }
}
