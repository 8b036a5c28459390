package dev.weft.audiences;

import java.util.List;

/** An audience from git: it changes through a pull request, not through Weft (the API answers 409). */
public class ReadOnlyAudienceException extends AudienceException {

    public ReadOnlyAudienceException(String message) {
        super(message, List.of());
    }
}
