package dev.weft.models;

import dev.weft.StartupErrors;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * For {@code weft serve} with {@code weft.models.git-url}: fetches the remote every
 * {@code weft.models.pull-interval} (default 5 minutes) and runs every model when the commit that
 * {@code weft.models.git-ref} (default main) names has changed since the last run.
 */
@Singleton
@Requires(property = "weft.models.git-url")
public class ModelsGitPoller implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsGitPoller.class);

    private final ModelRunner runner;
    private final TaskScheduler scheduler;
    private final String url;
    private final String ref;
    private final Duration interval;
    private volatile String lastCommit;

    public ModelsGitPoller(ModelRunner runner, ModelsConfig config, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.url = config.gitUrl();
        this.ref = config.gitRef() == null ? "main" : config.gitRef();
        this.interval = config.pullInterval() == null ? Duration.ofMinutes(5) : config.pullInterval();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        LOG.info("models: pulling {} ({}) every {}", url, ref, interval);
        scheduler.scheduleWithFixedDelay(Duration.ZERO, interval, this::pollSafely);
    }

    private void pollSafely() {
        try {
            poll().ifPresent(run -> LOG.info("models: ran commit {} of {}: {} (run {})",
                    run.git().commitSha(), url, run.status(), run.runId()));
        } catch (RuntimeException e) {
            LOG.warn("models: pulling {} failed: {}", url, StartupErrors.describe(e));
        }
    }

    /** One pull: the run it made, or empty when the commit has not changed. */
    Optional<RunSummary> poll() {
        String commit = runner.fetch(url, ref).git().commitSha();
        if (commit.equals(lastCommit)) {
            return Optional.empty();
        }
        RunSummary run = runner.run(new RunOptions(Selection.ALL, false, null, url, ref, null));
        lastCommit = run.git().commitSha();
        return Optional.of(run);
    }
}
