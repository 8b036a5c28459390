package dev.weft.destinations.iterable;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shared destination behaviour for an Iterable static list as an audience (mirror mode). */
class IterableListDestinationContractTest extends IterableDestinationContractTest {

    static final long LIST = 42;

    @Override
    protected Map<String, String> options() {
        return Map.of("list-id", String.valueOf(LIST));
    }

    /** A list holds its members (with the data fields subscribing wrote). */
    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> members = new LinkedHashMap<>();
        iterable.members(LIST).forEach(email -> members.put(email, iterable.users.get(email)));
        return byKey(members);
    }
}
