package dev.weft.destinations.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shared destination behaviour for a HubSpot contact list as an audience (mirror mode). */
class HubSpotListDestinationContractTest extends HubSpotDestinationContractTest {

    static final String LIST = "417";

    @Override
    protected Map<String, String> options() {
        return Map.of("object", "contacts", "list-id", LIST);
    }

    /** An audience holds the list's members (contacts whose record id is on the list). */
    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> members = new LinkedHashMap<>();
        super.held().forEach((key, props) -> {
            if (hubspot.list(LIST).contains(String.valueOf(props.get("hs_object_id")))) {
                members.put(key, props);
            }
        });
        return members;
    }
}
