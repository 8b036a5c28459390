package dev.weft.audiences;

import java.util.List;

/** No audience, from git or the store, has the ID asked for (the API answers 404). */
public class AudienceNotFoundException extends AudienceException {

    public AudienceNotFoundException(String id) {
        super("audience '" + id + "' not found", List.of());
    }
}
