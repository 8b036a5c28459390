package dev.weft.alerts;

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
import java.util.stream.Collectors;

/**
 * Evaluates alert rules on syncs and sends each incident once per channel, then one "resolved" when
 * it clears. Run-based rules ({@code run_failed}, {@code failure_rate}) are judged at every run's end;
 * time-based ones ({@code no_success}, {@code job_stuck}) at every scheduler tick and run end. Each
 * evaluation also sends what an earlier one could not deliver (a channel was down): a failed delivery
 * is logged and retried, never felt by the run.
 */
@Singleton
public class Alerts implements SyncRunListener {

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
                    }, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("alerts: sync {} not evaluated: {}", sync.id(), e.getMessage());
            }
        }
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

    /** Moves the rule's incident for the sync as the verdict says, then sends what its channels have not been told. */
    private void apply(SyncDefinition sync, AlertRule rule, Verdict verdict, Instant now) {
        Optional<AlertIncidents.Incident> latest = incidents.latest(rule.rule(), sync.id());
        Optional<AlertIncidents.Incident> open = latest.filter(AlertIncidents.Incident::open);
        if (verdict.state() == Verdict.State.FIRING) {
            if (open.isPresent()) {
                incidents.seen(open.get().id(), now);
            } else {
                incidents.open(rule.rule(), sync.id(), verdict.detail(), now);
            }
        } else if (verdict.state() == Verdict.State.CLEAR && open.isPresent()) {
            incidents.clear(open.get().id(), now);
        } else if (latest.isEmpty()) {
            return;
        }
        incidents.latest(rule.rule(), sync.id()).ifPresent(incident -> deliver(sync, rule, incident));
    }

    /**
     * An open incident goes to every channel of the rule not yet told; a cleared one's "resolved" goes to
     * every channel told of it and not yet of its clearing.
     */
    private void deliver(SyncDefinition sync, AlertRule rule, AlertIncidents.Incident incident) {
        List<String> targets = incident.open() ? channels(sync, rule) : new ArrayList<>(incident.notified());
        targets.removeAll(incident.open() ? incident.notified() : incident.resolvedNotified());
        AlertMessage message = new AlertMessage(incident.open() ? AlertMessage.Event.OPENED : AlertMessage.Event.RESOLVED,
                rule.rule(), sync.id(), incident.detail(), incident.openedAt(), incident.clearedAt());
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
