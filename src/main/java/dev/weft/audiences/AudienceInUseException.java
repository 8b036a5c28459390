package dev.weft.audiences;

import java.util.List;

/** An audience syncs still use, so it cannot go (the API answers 409). */
public class AudienceInUseException extends AudienceException {

    public AudienceInUseException(String message) {
        super(message, List.of());
    }
}
