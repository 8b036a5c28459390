package dev.weft.destinations.klaviyo;

import java.util.Map;

/** The shared destination behaviour for a Klaviyo list as an audience (mirror: import into it, take off it). */
class KlaviyoListDestinationContractTest extends KlaviyoDestinationContractTest {

    @Override
    protected Map<String, String> options() {
        return Map.of("list-id", FakeKlaviyo.LIST_ID);
    }

    /** A list holds its members (with the attributes their import wrote). */
    @Override
    protected Map<String, Map<String, Object>> held() {
        return held(klaviyo.members(FakeKlaviyo.LIST_ID));
    }
}
