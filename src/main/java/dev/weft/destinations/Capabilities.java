package dev.weft.destinations;

import java.util.List;
import java.util.Set;

/**
 * What a destination accepts, declared where the executor and the mapping validator read it.
 *
 * @param modes             sync modes it supports (a list destination: mirror/upsert; an object: upsert/update/insert)
 * @param identifierKinds   record identifiers it can match on (e.g. email, external_id, phone)
 * @param maxBatchSize      most records per {@link Destination#send} call (the vendor's documented limit)
 * @param rateLimit         the vendor's limit, shared by every sync using the same connection
 * @param hashedIdentifiers whether identifiers are normalized and SHA-256 hashed before sending
 * @param asyncJobs         whether sends submit jobs that complete later ({@link Destination#pollJob})
 * @param fields            the field catalogue mappings are validated against; empty means free-form
 */
public record Capabilities(Set<SyncMode> modes, Set<String> identifierKinds, int maxBatchSize, RateLimit rateLimit,
                           boolean hashedIdentifiers, boolean asyncJobs, List<DestinationField> fields) {

    public Capabilities {
        modes = Set.copyOf(modes);
        identifierKinds = Set.copyOf(identifierKinds);
        fields = List.copyOf(fields);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1");
        }
    }
}
