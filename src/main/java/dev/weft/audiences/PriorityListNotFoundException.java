package dev.weft.audiences;

import java.util.List;

/** No priority list, from git or the store, has the ID asked for (the API answers 404). */
public class PriorityListNotFoundException extends AudienceException {

    public PriorityListNotFoundException(String id) {
        super("priority list '" + id + "' not found", List.of());
    }
}
