package dev.weft.destinations.customerio;

import java.util.Map;

/** The shared destination behaviour for an audience as a membership attribute (mirror mode). */
class CustomerIoAttributeDestinationContractTest extends CustomerIoDestinationContractTest {

    static final String ATTRIBUTE = "weft_vip";

    @Override
    protected Map<String, String> options() {
        return Map.of("membership-attribute", ATTRIBUTE);
    }

    /** The audience is the people whose attribute is true (a data-driven segment on it). */
    @Override
    protected Map<String, Map<String, Object>> held() {
        return byKey(customerIo.people.values().stream().filter(p -> "true".equals(p.get(ATTRIBUTE))).toList());
    }
}
