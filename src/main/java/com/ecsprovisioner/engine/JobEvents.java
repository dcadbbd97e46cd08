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
    record StepBefore(StepStatus status, Instant startedAt, Instant waitUntil, int consecutiveFailures) {
    }

    /** The job and server as a transition site found them; all null for a job (or server) that did not exist yet. */
    public record Before(JobState state, Instant nextRunAt, Map<String, StepBefore> steps, ServerStatus serverStatus) {
    }

    /** Taken before the change, inside its transaction; either may be null (a job or server about to be made). */
    public static Before before(Job job, Server server) {
        Map<String, StepBefore> steps = new LinkedHashMap<>();
        if (job != null) {
            for (JobStep s : job.getSteps()) {
                steps.put(s.getName().name(), new StepBefore(s.getStatus(), s.getStartedAt(), s.getWaitUntil(),
                        s.getConsecutiveFailures()));
            }
        }
        return new Before(job == null ? null : job.getState(), job == null ? null : job.getNextRunAt(), steps,
                server == null ? null : server.getStatus());
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
            stepEvents(job, step, was, events);
        }
        if (before.state() == JobState.ROLLING_BACK && job.getState() == JobState.ROLLING_BACK
                && job.getNextRunAt() != null && !job.getNextRunAt().equals(before.nextRunAt())) {
            events.add(new Event(WAITING, jobData(job).addNull("step").addNull("stepLabel").add("reason", "rollback")
                    .add("detail", "deleting what the job created").add("until", job.getNextRunAt().toString())
                    .build().toString()));
        }
        if (server != null && before.serverStatus() != server.getStatus()) {
            events.add(new Event(SERVER_STATUS_CHANGED, serverStatus(server, before.serverStatus())));
        }
        if (before.state() != null && before.state() != job.getState()) {
            events.add(jobMoved(before.state(), job, server));
        }
        return events;
    }

    private static void stepEvents(Job job, JobStep step, StepBefore was, List<Event> events) {
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
        if (status == StepStatus.WAITING && (was == null || was.status() != StepStatus.WAITING
                || !Objects.equals(was.waitUntil(), step.getWaitUntil()))) {
            boolean retry = was != null && step.getConsecutiveFailures() > was.consecutiveFailures();
            String detail = retry ? step.getLastError()
                    : job.bootstrap().scriptStep() != null
                    ? "bootstrap scripts running: " + job.bootstrap().scriptStep() : step.getName().label() + ": not finished yet";
            events.add(new Event(WAITING, stepData(job, step).add("reason", retry ? "retry" : "poll")
                    .add("detail", detail == null ? "" : detail).add("until", step.getWaitUntil().toString())
                    .build().toString()));
        }
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
