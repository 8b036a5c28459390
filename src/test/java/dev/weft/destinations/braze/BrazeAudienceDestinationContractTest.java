package dev.weft.destinations.braze;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shared destination behaviour for a Braze subscription group as an audience (mirror mode). */
class BrazeAudienceDestinationContractTest extends BrazeDestinationContractTest {

    static final String GROUP = "3b8ac0c9-0000-4d2e-a1c3-9f7e2f1e0b11";

    @Override
    protected Map<String, String> options() {
        return Map.of("subscription-group-id", GROUP);
    }

    /** An audience holds the group's subscribed members. */
    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        braze.members(GROUP).forEach(id -> held.put(id, braze.users.get(id)));
        return held;
    }
}
