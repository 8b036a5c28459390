package dev.weft.destinations.customerio;

import java.io.IOException;
import java.util.Map;

import dev.weft.destinations.Destination;

/** The shared destination behaviour for an audience as a manual segment (mirror mode). */
class CustomerIoSegmentDestinationContractTest extends CustomerIoDestinationContractTest {

    static final long SEGMENT = 7;

    @Override
    protected Map<String, String> options() {
        return Map.of("segment-id", String.valueOf(SEGMENT));
    }

    @Override
    protected Destination openDestination() throws IOException {
        Destination destination = super.openDestination();
        customerIo.segment(SEGMENT); // a manual segment must exist before people are added
        return destination;
    }

    /** The audience is the segment's members. */
    @Override
    protected Map<String, Map<String, Object>> held() {
        return byKey(customerIo.segment(SEGMENT).stream().map(customerIo.people::get).toList());
    }
}
