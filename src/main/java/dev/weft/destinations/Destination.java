package dev.weft.destinations;

/**
 * A place Weft delivers rows to: a CRM object, an ad-platform list, a messaging tool, a webhook, a file.
 * One implementation per vendor, opened per connection by its {@link DestinationProvider}.
 *
 * <p>The sync executor sizes batches by {@link Capabilities#maxBatchSize()}, paces calls by
 * {@link Capabilities#rateLimit()}, and marks a record synced only when its {@link RecordResult} is
 * {@link RecordResult.Outcome#OK} (or, for asynchronous vendors, when the job that carried it is done).
 */
public interface Destination extends AutoCloseable {

    Capabilities capabilities();

    /**
     * Sends one batch (at most {@code maxBatchSize} records, all of one {@link Operation} group or mixed
     * as the destination allows) and returns a result for every record in it.
     *
     * @throws DestinationException when the whole call failed (rate limited, vendor down, auth refused);
     *         its {@link DestinationException#retryable()} and {@link DestinationException#retryAfter()}
     *         tell the executor whether and when to try the batch again.
     */
    BatchResult send(Batch batch);

    /** Checks the connection's credentials and reachability without changing data. */
    ConnectionCheck test();

    /**
     * For destinations whose {@link Capabilities#asyncJobs()} is true: the state of a job that
     * {@link #send(Batch)} submitted (its id is in the {@link RecordResult#jobId()} of the records it covers).
     */
    default JobStatus pollJob(String jobId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " submits no asynchronous jobs");
    }

    @Override
    default void close() {
    }
}
