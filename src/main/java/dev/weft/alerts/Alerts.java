package dev.weft.alerts;

import dev.weft.models.Freshness;
import dev.weft.models.FreshnessResult;
import dev.weft.models.SourceFreshnessListener;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import dev.weft.syncs.AlertRule;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncRunListener;
import dev.weft.syncs.SyncRuns;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Evaluates alert rules on syncs and sends each incident once per channel, then one "resolved" when
 * it clears. Run-based rules ({@code run_failed}, {@code failure_rate}) are judged at every run's end;
 * time-based ones ({@code no_success}, {@code job_stuck}) at every scheduler tick and run end;
 * {@code source_freshness} at every freshness check of the pipeline (each run and watermark poll). Each
 * evaluation also sends what an earlier one could not deliver (a channel was down): a failed delivery
 * is logged and retried, never felt by the run.
 */
@Singleton
public class Alerts implements SyncRunListener, SourceFreshnessListener {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final AlertsConfig config;
    private final AlertIncidents incidents;
    private final AlertSender sender;
    private final SyncDefinitions definitions;
    private final SyncRuns runs;
    private final SyncJobs jobs;
    private final Clock clock;

    /** The application's: {@code weft.yml}'s alerts, secrets from the environment and the vault, the system clock. */
    @Inject
    public Alerts(Store store, CredentialVault vault, SyncDefinitions definitions, SyncRuns runs, SyncJobs jobs) {
        this(AlertsConfig.ofWorkspace(), store, new AlertSecrets(System::getenv, vault), definitions, runs, jobs, Clock.systemUTC());
    }

    public Alerts(AlertsConfig config, Store store, AlertSecrets secrets, SyncDefinitions definitions, SyncRuns runs, SyncJobs jobs,
                  Clock clock) {
        this.config = config;
        this.incidents = new AlertIncidents(store);
        this.sender = new AlertSender(secrets, clock);
        this.definitions = definitions;
        this.runs = runs;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What an evaluation found: the rule fires (with what it saw), its condition cleared, or this evaluation cannot tell. */
    private record Verdict(State state, String detail) {
        enum State { FIRING, CLEAR, UNKNOWN }

        static final Verdict CLEAR = new Verdict(State.CLEAR, null);
        static final Verdict UNKNOWN = new Verdict(State.UNKNOWN, null);

        static Verdict firing(String detail) {
            return new Verdict(State.FIRING, detail);
        }
    }

    @Override
    public synchronized void runFinished(String syncId, SyncExecutor.RunResult run) {
        if (config.channels().isEmpty()) {
            return;
        }
        Optional<SyncDefinition> sync = definitions.find(syncId);
        if (sync.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (AlertRule rule : rules(sync.get())) {
            apply(sync.get(), rule, switch (rule.rule()) {
                case RUN_FAILED -> run.status() == SyncRuns.Status.FAILED
                        ? Verdict.firing("run " + run.runId() + " failed: " + run.error()) : Verdict.CLEAR;
                case FAILURE_RATE -> failureRate(rule, run);
                case NO_SUCCESS -> succeeded(run.status()) ? Verdict.CLEAR : Verdict.UNKNOWN;
                case JOB_STUCK -> stuckJobs(sync.get(), rule, now);
                case SOURCE_FRESHNESS -> throw new IllegalStateException("not a sync's rule");
            }, now);
        }
    }

    @Override
    public synchronized void schedulerTicked(Instant tick) {
        if (config.channels().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (SyncDefinition sync : definitions.list()) {
            try {
                for (AlertRule rule : rules(sync)) {
                    apply(sync, rule, switch (rule.rule()) {
                        case NO_SUCCESS -> noSuccess(sync, rule, now);
                        case JOB_STUCK -> stuckJobs(sync, rule, now);
                        case RUN_FAILED, FAILURE_RATE -> Verdict.UNKNOWN; // judged at run end; here only retried
                        case SOURCE_FRESHNESS -> throw new IllegalStateException("not a sync's rule");
                    }, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("alerts: sync {} not evaluated: {}", sync.id(), e.getMessage());
            }
        }
    }

    /**
     * A check past {@code error_after} (or one that could not measure an age) fires the source's incident; a check that
     * passes or only warns clears it: alerts have no severities, and {@code warn_after} stays a status to look at.
     */
    @Override
    public synchronized void freshnessChecked(List<FreshnessResult> results) {
        Optional<AlertRule> rule = config.rules().stream().filter(r -> r.rule() == AlertRule.Kind.SOURCE_FRESHNESS && r.enabled()).findFirst();
        if (config.channels().isEmpty() || rule.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Supplier<List<String>> channels = () -> rule.get().to().isEmpty() ? new ArrayList<>(config.channels().keySet())
                : new ArrayList<>(rule.get().to());
        for (FreshnessResult r : results) {
            apply(AlertMessage.About.SOURCE, r.source(), rule.get(), channels,
                    r.status() == Freshness.Status.ERROR ? Verdict.firing(stale(r)) : Verdict.CLEAR, now);
        }
    }

    private static String stale(FreshnessResult r) {
        return r.error() != null ? r.error() : "newest " + r.loadedAtField() + " " + r.maxLoadedAt() + " is "
                + r.age().toHours() + "h " + r.age().toMinutesPart() + "m old (error_after " + interval(r.errorAfter()) + ")";
    }

    private static Verdict failureRate(AlertRule rule, SyncExecutor.RunResult run) {
        if (run.status() == SyncRuns.Status.SUCCEEDED) {
            return Verdict.CLEAR;
        }
        if (run.sent() == 0) {
            return Verdict.UNKNOWN;
        }
        double rate = (double) run.failed() / run.sent();
        return rate > rule.above() ? Verdict.firing(String.format(Locale.ROOT, "run %s: %,d of %,d records sent failed (%.1f%%, above %.1f%%)",
                run.runId(), run.failed(), run.sent(), rate * 100, rule.above() * 100)) : Verdict.CLEAR;
    }

    private Verdict noSuccess(SyncDefinition sync, AlertRule rule, Instant now) {
        Optional<Instant> last = runs.lastSucceeded(sync.id());
        Optional<Instant> since = last.or(() -> runs.firstStarted(sync.id()));
        if (since.isEmpty()) {
            return Verdict.UNKNOWN; // never run: nothing to judge yet
        }
        if (Duration.between(since.get(), now).compareTo(rule.within()) <= 0) {
            return Verdict.CLEAR;
        }
        return Verdict.firing((last.isPresent() ? "no successful run since " + last.get() : "no successful run since its first run at "
                + since.get()) + " (allowed: " + interval(rule.within()) + ")");
    }

    private Verdict stuckJobs(SyncDefinition sync, AlertRule rule, Instant now) {
        List<SyncJobs.Job> stuck = jobs.open(sync.id()).stream()
                .filter(j -> Duration.between(j.submittedAt(), now).compareTo(rule.after()) > 0).toList();
        return stuck.isEmpty() ? Verdict.CLEAR : Verdict.firing(stuck.size() + " " + sync.destination().type() + " job(s) open longer than "
                + interval(rule.after()) + ": " + stuck.stream().map(j -> j.jobId() + " (" + j.state().name().toLowerCase(Locale.ROOT)
                + " since " + j.submittedAt() + ")").collect(Collectors.joining(", ")));
    }

    private void apply(SyncDefinition sync, AlertRule rule, Verdict verdict, Instant now) {
        apply(AlertMessage.About.SYNC, sync.id(), rule, () -> channels(sync, rule), verdict, now);
    }

    /** Moves the rule's incident for the subject as the verdict says, then sends what its channels have not been told. */
    private void apply(AlertMessage.About about, String subject, AlertRule rule, Supplier<List<String>> channels, Verdict verdict,
                       Instant now) {
        Optional<AlertIncidents.Incident> latest = incidents.latest(rule.rule(), subject);
        Optional<AlertIncidents.Incident> open = latest.filter(AlertIncidents.Incident::open);
        if (verdict.state() == Verdict.State.FIRING) {
            if (open.isPresent()) {
                incidents.seen(open.get().id(), now);
            } else {
                incidents.open(rule.rule(), subject, verdict.detail(), now);
            }
        } else if (verdict.state() == Verdict.State.CLEAR && open.isPresent()) {
            incidents.clear(open.get().id(), now);
        } else if (latest.isEmpty()) {
            return;
        }
        incidents.latest(rule.rule(), subject).ifPresent(incident -> deliver(about, rule, channels, incident));
    }

    /**
     * An open incident goes to every channel of the rule not yet told; a cleared one's "resolved" goes to
     * every channel told of it and not yet of its clearing.
     */
    private void deliver(AlertMessage.About about, AlertRule rule, Supplier<List<String>> channels, AlertIncidents.Incident incident) {
        List<String> targets = incident.open() ? channels.get() : new ArrayList<>(incident.notified());
        targets.removeAll(incident.open() ? incident.notified() : incident.resolvedNotified());
        AlertMessage message = new AlertMessage(incident.open() ? AlertMessage.Event.OPENED : AlertMessage.Event.RESOLVED,
                rule.rule(), about, incident.subject(), incident.detail(), incident.openedAt(), incident.clearedAt());
        for (String name : targets) {
            AlertChannel channel = config.channels().get(name);
            if (channel == null) {
                continue; // removed from weft.yml since it was told of the incident
            }
            try {
                sender.send(channel, message);
                incidents.told(incident.id(), name, !incident.open());
                LOG.info("alert sent to {}: {}", name, message.title());
            } catch (RuntimeException e) {
                LOG.warn("alert not delivered (retried at the next evaluation): {}: {}", message.title(), e.getMessage());
            }
        }
    }

    /** The rules that apply to the sync: {@code weft.yml}'s, with the sync's own over those of their kind. */
    private List<AlertRule> rules(SyncDefinition sync) {
        return AlertRule.effective(config.rules(), sync.alerts());
    }

    /**
     * The channels the rule sends to. A sync's own rule may name a channel {@code weft.yml} lacks (the
     * two are edited apart): that name is logged with the sync's field and skipped.
     */
    private List<String> channels(SyncDefinition sync, AlertRule rule) {
        if (rule.to().isEmpty()) {
            return new ArrayList<>(config.channels().keySet());
        }
        int own = sync.alerts().indexOf(rule);
        if (own >= 0) {
            AlertsConfig.unknownChannels(rule, config.channels().keySet(), "/alerts/" + own)
                    .forEach(p -> LOG.warn("alerts: sync {}: {}: {}", sync.id(), p.path(), p.problem()));
        }
        return rule.to().stream().filter(config.channels()::containsKey).collect(Collectors.toCollection(ArrayList::new));
    }

    private static String interval(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static boolean succeeded(SyncRuns.Status status) {
        return status == SyncRuns.Status.SUCCEEDED || status == SyncRuns.Status.WAITING;
    }
}
