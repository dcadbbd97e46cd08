package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The public events of jobs and servers (README, "Automation interface (JMS)", Events), appended to the outbox in the
 * transaction of the change they tell. A transition site takes a {@link #before} of its job and server, makes its
 * change, then calls {@link #record}: the events are derived by comparing the two states (steps started, finished,
 * waiting; the job failed, succeeded or otherwise moved; the server's status), so that no site names its events, a
 * change that rolls back takes its events with it, and a change is never committed without them. The engine knows
 * only the outbox (platform); what relays the events to the broker is not its business.
 */
@ApplicationScoped
public class JobEvents {

    public static final String STEP_STARTED = "com.ecsprovisioner.job.step.started.v1";
    public static final String STEP_FINISHED = "com.ecsprovisioner.job.step.finished.v1";
    public static final String WAITING = "com.ecsprovisioner.job.waiting.v1";
    public static final String FAILED = "com.ecsprovisioner.job.failed.v1";
    public static final String SUCCEEDED = "com.ecsprovisioner.job.succeeded.v1";
    /** Any other move of a job: queued, running (also after a retry), rolling back, rolled back. */
    public static final String STATE_CHANGED = "com.ecsprovisioner.job.state.changed.v1";
    public static final String SERVER_STATUS_CHANGED = "com.ecsprovisioner.server.status.changed.v1";

    @Inject
    Outbox outbox;

    public JobEvents() {
        // for CDI
    }

    public JobEvents(Outbox outbox) {
        this.outbox = Objects.requireNonNull(outbox);
    }

    /** An event before it is numbered: its type and its data (JSON). */
    public record Event(String type, String data) {
    }

    /** What the comparison needs of one step. */
    record StepBefore(StepStatus status, Instant startedAt, Instant waitUntil, int consecutiveFailures, int attempts,
                      String lastError) {
    }

    /**
     * The job and server as a transition site found them; all null for a job (or server) that did not exist yet.
     * {@code bootstrapScript}, {@code rollbackAttempt} and {@code awaitedDeletions} say what the job was waiting for.
     */
    public record Before(JobState state, Instant nextRunAt, Map<String, StepBefore> steps, ServerStatus serverStatus,
                         String bootstrapScript, int rollbackAttempt, List<String> awaitedDeletions) {
    }

    /** Taken before the change, inside its transaction; either may be null (a job or server about to be made). */
    public static Before before(Job job, Server server) {
        Map<String, StepBefore> steps = new LinkedHashMap<>();
        if (job == null) {
            return new Before(null, null, steps, server == null ? null : server.getStatus(), null, 0, List.of());
        }
        for (JobStep s : job.getSteps()) {
            steps.put(s.getName().name(), new StepBefore(s.getStatus(), s.getStartedAt(), s.getWaitUntil(),
                    s.getConsecutiveFailures(), s.getAttempts(), s.getLastError()));
        }
        return new Before(job.getState(), job.getNextRunAt(), steps, server == null ? null : server.getStatus(),
                job.bootstrapScriptStep(), job.rollback().attempt(), awaitedDeletions(job));
    }

    /** Makes {@code change} to the job (and its server) and appends its events: one call per transition site. */
    public void during(Job job, Server server, Instant now, Runnable change) {
        Before before = before(job, server);
        change.run();
        record(before, job, server, now);
    }

    /** Appends the events of the change from {@code before} to the job's and server's state now (the job has its id). */
    public void record(Before before, Job job, Server server, Instant now) {
        for (Event e : derive(before, job, server)) {
            outbox.append(job.getId(), e.type(), String.valueOf(job.getId()), job.request().id(), e.data(), null, now);
        }
    }

    /** A server's status changed with no job behind it (the status sync saw the cloud change it). */
    public void serverStatusChanged(Server server, ServerStatus from, Instant now) {
        if (from != server.getStatus()) {
            outbox.append(null, SERVER_STATUS_CHANGED, null, null, serverStatus(server, from), null, now);
        }
    }

    /** The events of one change, in the order they happened: steps (in the job's order), the server, the job. */
    public static List<Event> derive(Before before, Job job, Server server) {
        List<Event> events = new ArrayList<>();
        if (before.state() == null) {
            events.add(new Event(STATE_CHANGED, jobData(job).addNull("from").add("to", job.getState().dbName())
                    .add("cancelled", false).build().toString()));
        }
        for (JobStep step : job.getSteps()) {
            StepBefore was = before.steps().get(step.getName().name());
            stepEvents(job, step, was, before.bootstrapScript(), events);
        }
        if (before.state() == JobState.ROLLING_BACK && job.getState() == JobState.ROLLING_BACK
                && job.getNextRunAt() != null && !job.getNextRunAt().equals(before.nextRunAt())) {
            rollbackWait(before, job, events);
        }
        if (server != null && before.serverStatus() != server.getStatus()) {
            events.add(new Event(SERVER_STATUS_CHANGED, serverStatus(server, before.serverStatus())));
        }
        if (before.state() != null && before.state() != job.getState()) {
            events.add(jobMoved(before.state(), job, server));
        }
        return events;
    }

    private static void stepEvents(Job job, JobStep step, StepBefore was, String bootstrapBefore, List<Event> events) {
        StepStatus status = step.getStatus();
        if (step.getStartedAt() != null && (was == null || !step.getStartedAt().equals(was.startedAt()))) {
            events.add(new Event(STEP_STARTED, stepData(job, step).build().toString()));
        }
        boolean ended = status.isSettled() || status == StepStatus.FAILED;
        if (ended && (was == null || !(was.status().isSettled() || was.status() == StepStatus.FAILED))) {
            JsonObjectBuilder data = stepData(job, step).add("outcome", status.dbName());
            if (step.getStartedAt() != null && step.getFinishedAt() != null) {
                data.add("durationMs", Duration.between(step.getStartedAt(), step.getFinishedAt()).toMillis());
            } else {
                data.addNull("durationMs");
            }
            events.add(new Event(STEP_FINISHED, data.build().toString()));
        }
        if (status == StepStatus.WAITING) {
            String reason = step.getConsecutiveFailures() > 0 ? "retry" : "poll";
            String detail = "retry".equals(reason) ? step.getLastError() : pollDetail(job.bootstrapScriptStep(), step);
            if (!List.of(reason, String.valueOf(detail)).equals(previousWait(was, bootstrapBefore, step))) {
                events.add(new Event(WAITING, stepData(job, step).add("reason", reason)
                        .add("detail", detail == null ? "" : detail)
                        .add("until", orNull(step.getDeadline() == null ? null : step.getDeadline().toString()))
                        .add("nextCheck", step.getWaitUntil().toString()).build().toString()));
            }
        }
    }

    /**
     * The reason and detail of the wait the step was in before this change, or null if it was not waiting: waiting
     * now, or running again after a wait (its claim resumed it, with the wait's failures and error still on it) in
     * the same run of the step. A wait is told when it begins and when its reason or what it waits for changes, not
     * at every look (every few seconds).
     */
    private static List<String> previousWait(StepBefore was, String bootstrapBefore, JobStep step) {
        boolean waited = was != null && Objects.equals(was.startedAt(), step.getStartedAt())
                && (was.status() == StepStatus.WAITING || (was.status() == StepStatus.RUNNING && was.attempts() > 1));
        if (!waited) {
            return null;
        }
        return was.consecutiveFailures() > 0 ? List.of("retry", String.valueOf(was.lastError()))
                : List.of("poll", pollDetail(bootstrapBefore, step));
    }

    private static String pollDetail(String bootstrapScript, JobStep step) {
        return bootstrapScript != null ? "bootstrap scripts running: " + bootstrapScript : step.getName().label() + ": not finished yet";
    }

    /** A rollback's wait is told when it waits for other deletions than before, or retries a transient failure. */
    private static void rollbackWait(Before before, Job job, List<Event> events) {
        List<String> awaited = awaitedDeletions(job);
        boolean retried = job.rollback().attempt() > before.rollbackAttempt();
        if (retried || (!awaited.isEmpty() && !awaited.equals(before.awaitedDeletions()))) {
            String detail = "deleting what the job created: " + (retried ? "trying again after a transient failure"
                    : "waiting until " + String.join(", ", awaited) + " " + (awaited.size() == 1 ? "is" : "are") + " gone");
            events.add(new Event(WAITING, jobData(job).addNull("step").addNull("stepLabel").add("reason", "rollback")
                    .add("detail", detail).add("until", orNull(job.rollback().deadline() == null ? null
                            : job.rollback().deadline().toString()))
                    .add("nextCheck", job.getNextRunAt().toString()).build().toString()));
        }
    }

    /** The job's resources whose deletion was asked and not yet seen done, e.g. "instance i-abc". */
    private static List<String> awaitedDeletions(Job job) {
        return job.resources().stream().filter(r -> r.getDeleteRequestedAt() != null && !r.isReleased())
                .map(r -> r.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + r.getResourceId())
                .sorted().toList();
    }

    private static Event jobMoved(JobState from, Job job, Server server) {
        return switch (job.getState()) {
            case SUCCEEDED -> {
                JsonObjectBuilder versions = Json.createObjectBuilder();
                if (server != null) {
                    server.getComponentVersions().forEach(versions::add);
                }
                yield new Event(SUCCEEDED, jobData(job).add("serverId", id(job.getServerId()))
                        .add("instanceId", orNull(server == null ? null : server.getInstanceId()))
                        .add("publicIp", orNull(server == null ? null : server.getPublicIp()))
                        .add("installedVersions", versions).build().toString());
            }
            case FAILED, ROLLBACK_FAILED -> new Event(FAILED, jobData(job).add("state", job.getState().dbName())
                    .add("step", job.getState() == JobState.FAILED ? stepName(job.getCurrentStep()) : JsonValue.NULL)
                    .add("reason", orNull(job.getFailureMessage()))
                    .add("cloudErrorCode", orNull(job.getFailureCode()))
                    .add("cloudRequestId", orNull(job.getFailureRequestId())).build().toString());
            default -> new Event(STATE_CHANGED, jobData(job).add("from", from.dbName()).add("to", job.getState().dbName())
                    .add("cancelled", job.rollback().isCancelRequested()).build().toString());
        };
    }

    private static String serverStatus(Server server, ServerStatus from) {
        return Json.createObjectBuilder().add("serverId", id(server.getId())).add("serverName", server.getName())
                .add("from", from == null ? JsonValue.NULL : Json.createValue(from.dbName()))
                .add("to", server.getStatus().dbName())
                .add("reason", orNull(server.getStatusReason())).build().toString();
    }

    private static JsonObjectBuilder jobData(Job job) {
        return Json.createObjectBuilder().add("jobId", id(job.getId())).add("kind", job.getKind().dbName());
    }

    private static JsonObjectBuilder stepData(Job job, JobStep step) {
        return jobData(job).add("step", stepName(step.getName())).add("stepLabel", step.getName().label())
                .add("attempt", step.getAttempts());
    }

    private static JsonValue stepName(StepName step) {
        return step == null ? JsonValue.NULL : Json.createValue(step.name().toLowerCase(Locale.ROOT));
    }

    /** Null only for rows not yet written (a test deriving events of entities it never stored). */
    private static JsonValue id(Long id) {
        return id == null ? JsonValue.NULL : Json.createValue(id);
    }

    private static JsonValue orNull(String text) {
        return text == null ? JsonValue.NULL : Json.createValue(text);
    }
}
