package dev.weft.syncs;

import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor whose sends are asynchronous jobs, as Google Ads Customer Match and Klaviyo bulk imports
 * are: a send only submits a job; the job finishes when the test says (or on its first poll with
 * {@code finishOnPoll}), and only then does the vendor hold its records. The vendor's state lives in
 * this object, not in the {@link Destination} instances opened per run, so it outlives a restart.
 */
final class AsyncJobVendor implements DestinationProvider {

    static final int BATCH = 10;

    private final class Job {
        final List<SyncRecord> records;
        volatile JobStatus status;

        Job(String id, List<SyncRecord> records) {
            this.records = records;
            this.status = new JobStatus(id, JobStatus.State.SUBMITTED, "queued", List.of());
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger submitted = new AtomicInteger();
    /** What the vendor holds now, by record key. */
    final Map<String, Map<String, Object>> held = new ConcurrentHashMap<>();
    /** Keys the vendor rejects when it processes a job. */
    final Set<String> rejected = ConcurrentHashMap.newKeySet();
    volatile boolean finishOnPoll;
    /** Polls to answer with a 429 before answering again. */
    final AtomicInteger throttledPolls = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();

    @Override
    public String type() {
        return "async-test";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of();
    }

    int jobsSubmitted() {
        return submitted.get();
    }

    /** Processes every open job: records applied, rejected keys reported as failures. */
    void finishAll() {
        jobs.values().stream().filter(j -> !j.status.finished()).forEach(this::finish);
    }

    /** Fails every open job as a whole. */
    void failAll(String message) {
        jobs.values().stream().filter(j -> !j.status.finished())
                .forEach(j -> j.status = new JobStatus(j.status.jobId(), JobStatus.State.FAILED, message, List.of()));
    }

    private void finish(Job job) {
        List<RecordResult> failures = new ArrayList<>();
        for (SyncRecord r : job.records) {
            if (rejected.contains(r.key())) {
                failures.add(RecordResult.permanent(r.key(), "rejected by the vendor"));
            } else if (r.operation() == Operation.REMOVE) {
                held.remove(r.key());
            } else {
                held.put(r.key(), r.fields());
            }
        }
        job.status = new JobStatus(job.status.jobId(), JobStatus.State.DONE, "complete", failures);
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        return new Destination() {
            @Override
            public Capabilities capabilities() {
                return new Capabilities(Set.of(SyncMode.UPSERT, SyncMode.MIRROR), Set.of(), BATCH, RateLimit.unlimited(),
                        false, true, List.of());
            }

            @Override
            public BatchResult send(Batch batch) {
                String id = "job-" + submitted.incrementAndGet();
                jobs.put(id, new Job(id, batch.records()));
                return new BatchResult(batch.records().stream().map(r -> RecordResult.pending(r.key(), id)).toList());
            }

            @Override
            public JobStatus pollJob(String jobId) {
                polls.incrementAndGet();
                if (throttledPolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw DestinationException.retryable("HTTP 429 Too Many Requests", Duration.ofMillis(10));
                }
                Job job = jobs.get(jobId);
                if (finishOnPoll && !job.status.finished()) {
                    finish(job);
                } else if (job.status.state() == JobStatus.State.SUBMITTED) {
                    job.status = new JobStatus(jobId, JobStatus.State.PROCESSING, "processing", List.of());
                }
                return job.status;
            }

            @Override
            public ConnectionCheck test() {
                return ConnectionCheck.ok("in memory");
            }
        };
    }
}
