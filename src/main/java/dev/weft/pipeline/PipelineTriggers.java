package dev.weft.pipeline;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the pipeline under {@code weft serve} (never in plain CLI commands: nothing happens until
 * {@link #start()}): on {@code weft.pipeline.schedule}, and whenever the poll of the sources' watermarks
 * ({@code weft.pipeline.poll-interval}) sees new rows; the poll also checks the sources' freshness. Runs go one at
 * a time; a trigger that fires while one is in progress waits for the next check.
 */
@Singleton
public class PipelineTriggers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineTriggers.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final Pipeline pipeline;
    private final PipelineConfig config;
    private ScheduledExecutorService ticker;
    private Instant nextScheduled;
    private Instant nextPoll;

    public PipelineTriggers(Pipeline pipeline, PipelineConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    /** Checks the configuration (an invalid value stops the start, naming the key), then starts the triggers. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        Duration poll = config.poll();
        Instant now = Instant.now();
        nextScheduled = config.nextScheduled(now);
        nextPoll = poll == null ? null : now;
        LOG.info("pipeline: {}; {}", nextScheduled == null ? "no schedule (weft.pipeline.schedule)" : "next scheduled run at " + nextScheduled,
                poll == null ? "no watermark poll" : "sources polled for new rows every " + poll.toSeconds() + " s");
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-pipeline-triggers");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick(Instant.now(), poll);
            } catch (RuntimeException e) {
                LOG.warn("pipeline: trigger check failed: {}", e.getMessage());
            }
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(Instant now, Duration poll) {
        if (pipeline.running()) {
            return;
        }
        if (nextScheduled != null && !now.isBefore(nextScheduled)) {
            nextScheduled = config.nextScheduled(now);
            run("schedule");
        } else if (nextPoll != null && !now.isBefore(nextPoll)) {
            nextPoll = now.plus(poll);
            List<String> changed = pipeline.pollSources();
            if (!changed.isEmpty()) {
                LOG.info("pipeline: new rows in {}", changed);
                run("poll");
            }
        }
    }

    private void run(String trigger) {
        try {
            pipeline.run(trigger, null, r -> { });
        } catch (PipelineBusyException e) {
            LOG.info("pipeline: {} run not started: {}", trigger, e.getMessage());
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
