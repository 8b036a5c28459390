package dev.weft.audiences;

import java.util.List;

/** The traits or events model audiences are defined over is not in the warehouse yet (the API answers 409). */
public class AudiencesNotReadyException extends AudienceException {

    public AudiencesNotReadyException(String message) {
        super(message, List.of());
    }
}
