package dev.weft.destinations;

import java.util.List;

/** The outcome of one {@link Destination#send} call: one result per record sent. */
public record BatchResult(List<RecordResult> results) {

    public BatchResult {
        results = List.copyOf(results);
    }

    public static BatchResult allOk(Batch batch) {
        return new BatchResult(batch.records().stream().map(r -> RecordResult.ok(r.key())).toList());
    }
}
