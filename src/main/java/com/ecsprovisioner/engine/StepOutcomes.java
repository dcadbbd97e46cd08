package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The decisions every handler makes about a step, written once: keep waiting (a next look with a growing interval,
 * never past the step's deadline), retry a transient failure with back-off and jitter within the deadline, or stop
 * the job at its step. Every interval is counted from the write-back ({@link Outcome}'s {@code now}), i.e. from the
 * end of the attempt, so that a step whose calls took long is not due again the moment it is written.
 */
public final class StepOutcomes {

    /** The shortest interval around a step's usual time between looks that are not batched by the sweep. */
    static final Duration UNBATCHED_NEAR = Duration.ofSeconds(1);

    private final ProvisioningSettings settings;
    private final RandomGenerator random;
    private final JobHandler handler;
    private final UsualDurations usual;

    /** Outcomes whose waits know no step's usual duration (each waits around its first poll interval). */
    public StepOutcomes(ProvisioningSettings settings, RandomGenerator random, JobHandler handler) {
        this(settings, random, handler, UsualDurations.none());
    }

    /**
     * {@code handler}: the handler these outcomes are for; it says whether a failure reaches the server
     * ({@link JobHandler#failureReachesServer}) and declares each step's default deadline. {@code usual}: how long
     * each step usually takes, around which its waits look often.
     */
    public StepOutcomes(ProvisioningSettings settings, RandomGenerator random, JobHandler handler, UsualDurations usual) {
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.handler = Objects.requireNonNull(handler);
        this.usual = Objects.requireNonNull(usual);
    }

    /** How long the job's step may take: its configured or declared deadline. */
    public Duration deadline(Job job, StepName step) {
        return settings.deadline(handler.declared(job.getKind(), step));
    }

    /**
     * Move 1 as a kind with no rollback of its own needs it: a queued job starts, and a running job's current step
     * begins with its deadline (its client token is made then, committed with the claim before any call uses it).
     */
    public void startCurrentStep(Job job, Instant now) {
        if (job.getState() == JobState.QUEUED) {
            job.start(now);
        }
        if (job.getState() == JobState.RUNNING) {
            job.steps().beginCurrent(now, deadline(job, job.getCurrentStep()));
        }
    }

    public ProvisioningSettings settings() {
        return settings;
    }

    /** How long {@code step} usually takes, learned from finished ones; empty without enough history. */
    public Optional<Duration> usual(StepName step) {
        return usual.of(step);
    }

    /**
     * Not there yet: look again about every {@code poll.near} ({@link #near}) around the time the step usually takes
     * (without history: around {@code first}), with a growing interval from {@code first} beyond it, or fail once past
     * the deadline ({@link Backoff#pollAround}).
     */
    public Outcome keepWaiting(Job job, Instant now, Duration first, String why) {
        JobStep step = job.steps().current();
        if (step.isPastDeadline(now)) {
            return failure(job, step.getName().label() + " did not finish within "
                    + humanDuration(deadline(job, step.getName())) + ": " + why, "Timeout", null);
        }
        Duration elapsed = step.getStartedAt() == null ? Duration.ZERO : Duration.between(step.getStartedAt(), now);
        Duration interval = Backoff.pollAround(elapsed, step.getAttempts(), first, settings.pollMax(),
                usual.of(step.getName()).orElse(first), near(job));
        Instant lastLook = step.getDeadline().plusMillis(1);
        return (j, s, t) -> j.waitUntil(earlier(t.plus(interval), lastLook), t);
    }

    /**
     * {@code poll.near} for a look the sweep batches (the handler says what the job looks at: one Describe call per
     * kind, account and region and tick, however many jobs); at least {@link #UNBATCHED_NEAR} for any other wait (an
     * SSH probe, a snapshot), where each look is the job's own message, claim, call and write-back.
     */
    private Duration near(Job job) {
        Duration near = settings.pollNear();
        if (near.isZero() || !handler.looksAt(job).isEmpty() || near.compareTo(UNBATCHED_NEAR) >= 0) {
            return near;
        }
        return UNBATCHED_NEAR;
    }

    /**
     * A transient failure (and a conflict where {@code conflictIsTransient}) is retried after the back-off of the
     * step's attempts, or fails the job when that would pass the deadline; empty for any other failure.
     */
    public Optional<Outcome> retry(Job job, CloudException e, Instant now, boolean conflictIsTransient) {
        if (!e.isTransient() && !(conflictIsTransient && e.kind() == CloudException.Kind.CONFLICT)) {
            return Optional.empty();
        }
        JobStep step = job.steps().current();
        return Optional.of(retryLater(job, step.getAttempts(), now, e.describe(), () -> step.getName().label()
                + " kept failing until its deadline (" + humanDuration(deadline(job, step.getName())) + "): "
                + e.getMessage(), e.code(), e.requestId()));
    }

    /**
     * Tries the step again after the back-off of attempt {@code attempt}, counted from the write-back; fails the job
     * with {@code lastWords} when even the earliest retry would pass the step's deadline.
     */
    public Outcome retryLater(Job job, int attempt, Instant now, String error,
                              Supplier<String> lastWords, String code, String requestId) {
        JobStep step = job.steps().current();
        Duration delay = Backoff.delay(attempt, settings.retryFirst(), settings.retryMax(), random);
        if (now.plus(delay).isAfter(step.getDeadline())) {
            return failure(job, lastWords.get(), code, requestId);
        }
        String message = step.getName().label() + ": " + error;
        Instant deadline = step.getDeadline();
        return (j, s, t) -> j.retryLater(earlier(t.plus(delay), deadline), message, t);
    }

    /**
     * Asks the cloud to release an instance (forced: a running one too); one already gone counts as asked. The
     * outcome records the request on the job's resource, tells it the way the caller's step does, and looks again
     * after the instance poll interval. Rollbacks and deletions alike use it.
     */
    public Outcome requestInstanceDeletion(CloudRegion cloud, String id, Outcome tell) {
        try {
            cloud.deleteInstance(id, true);
        } catch (CloudException e) {
            if (e.kind() != CloudException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        Duration pause = settings.pollInstance();
        return (j, s, t) -> {
            j.resources().record(ResourceKind.INSTANCE, id, null, true, t).deleteRequested(t);
            tell.applyTo(j, s, t);
            j.waitUntil(t.plus(pause), t);
        };
    }

    /**
     * Deletes a security group, vSwitch or VPC; one already gone counts as deleted. A parent whose children the cloud
     * is still releasing throws its conflict, for the caller's retry.
     */
    public static void deleteNetworkResource(CloudRegion cloud, ResourceKind kind, String id) {
        try {
            switch (kind) {
                case SECURITY_GROUP -> cloud.deleteSecurityGroup(id);
                case VSWITCH -> cloud.deleteVSwitch(id);
                case VPC -> cloud.deleteVpc(id);
                default -> throw new IllegalArgumentException(kind + " is not a network resource");
            }
        } catch (CloudException e) {
            if (e.kind() != CloudException.Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** A failure no retry mends: the cloud's words for people, its code and request id for machines. */
    public Outcome permanent(Job job, CloudException e) {
        return failure(job, forPeople(e), e.code(), e.requestId());
    }

    /**
     * Stops the job at its current step; the server shows the failure too, unless the handler says the job's kind
     * leaves the server as it was.
     */
    public Outcome failure(Job job, String reason, String code, String requestId) {
        StepName step = job.getCurrentStep();
        boolean reachesServer = handler.failureReachesServer(job.getKind());
        return (j, s, t) -> {
            j.fail(step, reason, code, requestId, t);
            if (reachesServer && s != null) {
                s.fail(step.label() + " failed: " + reason, t);
            }
        };
    }

    /** The cloud's message is written for people; a missing permission also says what to grant. */
    public static String forPeople(CloudException e) {
        String message = e.getMessage() == null ? "The cloud refused the call." + CloudException.forSupport(e.code(), e.requestId()) : e.getMessage();
        if (e.kind() == CloudException.Kind.FORBIDDEN && e.missingPolicy() != null && !message.contains(e.missingPolicy())) {
            message += " Grant " + e.missingPolicy() + " to the account's user, then retry.";
        }
        return message;
    }

    /**
     * A rollback's cloud failure that may pass (a transient one, or a conflict: a resource still busy) is tried again
     * after the back-off of the rollback's attempts while its deadline allows; empty otherwise, for the kind to say
     * why its rollback failed ({@link #rollbackMayPass} tells which of the two).
     */
    public static Optional<Outcome> retryRollback(Job job, CloudException e, Instant now, ProvisioningSettings settings,
                                                  RandomGenerator random) {
        if (!rollbackMayPass(e)) {
            return Optional.empty();
        }
        Duration delay = Backoff.delay(job.rollback().attempt(), settings.retryFirst(), settings.retryMax(), random);
        if (job.rollback().isPastDeadline(now.plus(delay))) {
            return Optional.empty();
        }
        String error = "Rollback: " + e.describe();
        return Optional.of((j, s, t) -> j.retryLater(t.plus(delay), error, t));
    }

    public static boolean rollbackMayPass(CloudException e) {
        return e.isTransient() || e.kind() == CloudException.Kind.CONFLICT;
    }

    public static String humanDuration(Duration d) {
        if (d.toSeconds() < 1) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120) {
            return d.toSeconds() + " s";
        }
        return d.toMinutes() + " min";
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }
}
