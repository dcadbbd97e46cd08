package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.platform.outbox.OutboxEvent;
import com.ecsprovisioner.platform.outbox.TestOutbox;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.ecsprovisioner.engine.JobEvents.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each transition of a job (and its server) gives the events the contract names, derived by comparing before and
 * after; and on the database, the events commit with the change or not at all, numbered per job.
 */
class JobEventsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
    private final Job job = DeploymentJobs.create(42, JobTest.plan(), "alice", T0);

    /** The events of one change made to the job and server. */
    private List<Event> change(Consumer<Job> change) {
        Before before = JobEvents.before(job, server);
        change.accept(job);
        return JobEvents.derive(before, job, server);
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    private static JsonObject data(Event e) {
        return Json.createReader(new StringReader(e.data())).readObject();
    }

    @Test
    void aNewJobIsQueuedAndItsNewServerRequested() {
        List<Event> events = JobEvents.derive(JobEvents.before(null, null), job, server);
        assertEquals(List.of(STATE_CHANGED, SERVER_STATUS_CHANGED), types(events));
        assertEquals("queued", data(events.get(0)).getString("to"));
        assertTrue(data(events.get(0)).isNull("from"));
        assertEquals("requested", data(events.get(1)).getString("to"));
        assertTrue(data(events.get(1)).isNull("from"));
    }

    @Test
    void startingTellsTheStepTheServerAndTheJobInThatOrder() {
        List<Event> events = change(j -> {
            j.start(T0);
            server.startProvisioning(T0);
            j.steps().beginCurrent(T0, MIN);
        });
        assertEquals(List.of(STEP_STARTED, SERVER_STATUS_CHANGED, STATE_CHANGED), types(events));
        JsonObject started = data(events.get(0));
        assertEquals("zone", started.getString("step"));
        assertEquals(DeploymentJobs.ZONE.label(), started.getString("stepLabel"));
        assertEquals("deploy", started.getString("kind"));
        assertEquals(1, started.getInt("attempt"));
        assertEquals("provisioning", data(events.get(1)).getString("to"));
        assertEquals("requested", data(events.get(1)).getString("from"));
        assertEquals("running", data(events.get(2)).getString("to"));
    }

    @Test
    void aWaitIsToldWhenItBeginsAndWhenWhatItWaitsForChangesNotAtEveryLook() {
        change(j -> {
            j.start(T0);
            j.steps().beginCurrent(T0, MIN);
        });
        Event poll = change(j -> j.waitUntil(T0.plusSeconds(5), T0)).get(0);
        assertEquals(WAITING, poll.type());
        assertEquals("poll", data(poll).getString("reason"));
        assertEquals("2026-12-04T10:01:00Z", data(poll).getString("until"), "the step's deadline: it waits at most that long");
        assertEquals("2026-12-04T10:00:05Z", data(poll).getString("nextCheck"));

        // Each look is a claim (the step resumes) and then its outcome, each in a transaction of its own.
        assertEquals(List.of(), change(j -> j.steps().beginCurrent(T0.plusSeconds(5), MIN)), "looking again is no event");
        assertEquals(List.of(), change(j -> j.waitUntil(T0.plusSeconds(8), T0.plusSeconds(5))), "still busy: told already");
        change(j -> j.steps().beginCurrent(T0.plusSeconds(8), MIN));
        Event retry = change(j -> j.retryLater(T0.plusSeconds(12), "Throttling: slow down", T0.plusSeconds(9))).get(0);
        assertEquals("retry", data(retry).getString("reason"), "another reason");
        assertTrue(data(retry).getString("detail").contains("Throttling: slow down"), retry.data());
        assertEquals(3, data(retry).getInt("attempt"));
        change(j -> j.steps().beginCurrent(T0.plusSeconds(12), MIN));
        assertEquals(List.of(), change(j -> j.retryLater(T0.plusSeconds(20), "Throttling: slow down", T0.plusSeconds(12))),
                "the same failure again: told already");
        change(j -> j.steps().beginCurrent(T0.plusSeconds(20), MIN));
        assertEquals(List.of(WAITING), types(change(j -> j.retryLater(T0.plusSeconds(30), "ServiceUnavailable", T0.plusSeconds(20)))),
                "another failure");
        change(j -> j.steps().beginCurrent(T0.plusSeconds(30), MIN));
        Event again = change(j -> j.waitUntil(T0.plusSeconds(33), T0.plusSeconds(30))).get(0);
        assertEquals("poll", data(again).getString("reason"), "busy again after the failures");

        change(j -> j.steps().beginCurrent(T0.plusSeconds(33), MIN));
        Event script = change(j -> {
            j.bootstrap().follow(10, "nginx", T0.plusSeconds(33));
            j.waitUntil(T0.plusSeconds(36), T0.plusSeconds(33));
        }).get(0);
        assertEquals("bootstrap scripts running: nginx", data(script).getString("detail"), "waits for something else");
        change(j -> j.steps().beginCurrent(T0.plusSeconds(36), MIN));
        assertEquals(List.of(), change(j -> {
            j.bootstrap().follow(20, "nginx", T0.plusSeconds(36));
            j.waitUntil(T0.plusSeconds(39), T0.plusSeconds(36));
        }), "the same script still running");
        assertEquals(List.of(), change(j -> j.log(T0, JobLogEntry.Level.INFO, "a line")), "a log line alone is no event");

        change(j -> j.steps().complete(T0.plusSeconds(40), "Zone chosen"));
        change(j -> j.steps().beginCurrent(T0.plusSeconds(40), MIN));
        Event next = change(j -> j.waitUntil(T0.plusSeconds(43), T0.plusSeconds(40))).get(0);
        assertEquals(WAITING, next.type(), "the first wait of the next step");
        assertEquals("vpc", data(next).getString("step"));
    }

    @Test
    void aFinishedStepTellsItsDuration() {
        change(j -> {
            j.start(T0);
            j.steps().beginCurrent(T0, MIN);
        });
        List<Event> events = change(j -> j.steps().complete(T0.plusMillis(1500), "Zone chosen"));
        assertEquals(List.of(STEP_FINISHED), types(events), "the next step starts at its own claim");
        assertEquals(1500, data(events.get(0)).getJsonNumber("durationMs").longValue());
        assertEquals("done", data(events.get(0)).getString("outcome"));
        assertEquals(List.of(STEP_STARTED), types(change(j -> j.steps().beginCurrent(T0.plusSeconds(2), MIN))));
    }

    @Test
    void aFailureTellsTheStepTheServerAndTheCloudsCodeAndRequestId() {
        change(j -> {
            j.start(T0);
            server.startProvisioning(T0);
            j.steps().beginCurrent(T0, MIN);
        });
        List<Event> events = change(j -> {
            j.fail(DeploymentJobs.ZONE, "No zone has stock", "OperationDenied.NoStock", "req-77", T0.plusSeconds(3));
            server.fail("Choose the zone failed: No zone has stock", T0.plusSeconds(3));
        });
        assertEquals(List.of(STEP_FINISHED, SERVER_STATUS_CHANGED, FAILED), types(events));
        assertEquals("failed", data(events.get(0)).getString("outcome"));
        JsonObject failed = data(events.get(2));
        assertEquals("zone", failed.getString("step"));
        assertEquals("No zone has stock", failed.getString("reason"));
        assertEquals("OperationDenied.NoStock", failed.getString("cloudErrorCode"));
        assertEquals("req-77", failed.getString("cloudRequestId"));
        assertEquals("failed", failed.getString("state"));
    }

    @Test
    void successTellsTheServerItsAddressAndWhatIsInstalled() {
        change(j -> {
            j.start(T0);
            server.startProvisioning(T0);
        });
        server.recordInstance("i-abc", T0);
        server.markSshReachable("47.1.2.3", "10.0.0.5", T0);
        for (int i = 0; i < DeploymentJobs.STEPS.size() - 1; i++) {
            job.steps().beginCurrent(T0, MIN);
            job.steps().complete(T0, "done");
        }
        job.steps().beginCurrent(T0, MIN);
        List<Event> events = change(j -> {
            j.steps().complete(T0.plusSeconds(30), "Bootstrap finished");
            server.markActive(Map.of("nginx", "1.24.0"), T0.plusSeconds(30));
        });
        assertEquals(List.of(STEP_FINISHED, SERVER_STATUS_CHANGED, SUCCEEDED), types(events));
        JsonObject done = data(events.get(2));
        assertEquals("i-abc", done.getString("instanceId"));
        assertEquals("47.1.2.3", done.getString("publicIp"));
        assertEquals(42, done.getJsonNumber("serverId").longValue());
        assertEquals("1.24.0", done.getJsonObject("installedVersions").getString("nginx"));
        assertEquals("active", data(events.get(1)).getString("to"));
    }

    @Test
    void aRollbackIsARunOfStateChangesAndWaits() {
        change(j -> {
            j.start(T0);
            j.fail(DeploymentJobs.ZONE, "x", null, null, T0);
        });
        List<Event> rolling = change(j -> j.rollback().begin(T0, MIN));
        assertEquals(List.of(STATE_CHANGED), types(rolling));
        assertEquals("failed", data(rolling.get(0)).getString("from"));
        assertEquals("rolling_back", data(rolling.get(0)).getString("to"));
        assertEquals(List.of(), change(j -> j.waitUntil(T0, T0)), "going on at once is no wait");
        Event wait = change(j -> {
            j.resources().record(ResourceKind.INSTANCE, "i-abc", null, true, T0).deleteRequested(T0);
            j.waitUntil(T0.plusSeconds(4), T0);
        }).get(0);
        assertEquals("rollback", data(wait).getString("reason"));
        assertTrue(data(wait).isNull("step"));
        assertEquals("deleting what the job created: waiting until instance i-abc is gone", data(wait).getString("detail"));
        assertEquals("2026-12-04T10:01:00Z", data(wait).getString("until"), "the rollback's deadline");
        assertEquals("2026-12-04T10:00:04Z", data(wait).getString("nextCheck"));
        assertEquals(List.of(), change(j -> j.waitUntil(T0.plusSeconds(8), T0.plusSeconds(4))), "the instance still there");
        assertEquals(List.of(WAITING), types(change(j -> j.retryLater(T0.plusSeconds(12), "Rollback: Throttling", T0.plusSeconds(8)))),
                "a transient failure, tried again");
        List<Event> done = change(j -> j.rollback().done(T0.plusSeconds(5)));
        assertEquals("rolled_back", data(done.get(0)).getString("to"));
        assertEquals(false, data(done.get(0)).getBoolean("cancelled"));
    }

    @Test
    void eventsCommitWithTheChangeNumberedPerJobAndVanishWithARollback() {
        db.open();
        EntityManager em = db.createEntityManager();
        JobEvents events = new JobEvents(TestOutbox.on(em));
        em.getTransaction().begin();
        em.persist(server);
        em.flush();
        Job stored = DeploymentJobs.create(server.getId(), JobTest.plan(), "jms:billing", T0);
        stored.recordRequestId("order-17");
        em.persist(stored);
        em.flush();
        events.record(JobEvents.before(null, null), stored, server, T0);
        em.getTransaction().commit();

        em.getTransaction().begin();
        events.during(stored, server, T0, () -> {
            stored.start(T0);
            server.startProvisioning(T0);
            stored.steps().beginCurrent(T0, MIN);
        });
        em.getTransaction().rollback();
        em.clear();

        List<OutboxEvent> rows = TestOutbox.rows(em);
        assertEquals(List.of(STATE_CHANGED, SERVER_STATUS_CHANGED), rows.stream().map(OutboxEvent::type).toList(),
                "the rolled-back start left no event");
        assertEquals(List.of(1L, 2L), rows.stream().map(OutboxEvent::sequenceNo).toList());
        assertTrue(rows.stream().allMatch(r -> "order-17".equals(r.requestId())
                && String.valueOf(stored.getId()).equals(r.subject()) && stored.getId().equals(r.jobId())), "request id and subject on each");

        em.getTransaction().begin();
        Job again = em.find(Job.class, stored.getId());
        Server same = em.find(Server.class, server.getId());
        events.during(again, same, T0, () -> {
            again.start(T0);
            same.startProvisioning(T0);
            again.steps().beginCurrent(T0, MIN);
        });
        ServerStatus was = same.getStatus();
        events.serverStatusChanged(same, was, T0);
        em.getTransaction().commit();
        em.clear();
        rows = TestOutbox.rows(em);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rows.stream().map(OutboxEvent::sequenceNo).toList());
        assertEquals(List.of(STATE_CHANGED, SERVER_STATUS_CHANGED, STEP_STARTED, SERVER_STATUS_CHANGED, STATE_CHANGED),
                rows.stream().map(OutboxEvent::type).toList(), "an unchanged status tells nothing");
        em.close();
    }

    @Test
    void aJobMadeForACommandHasItsRequestIdOnTheEventsToldBeforeTheRequestWasNamed() {
        db.open();
        EntityManager em = db.createEntityManager();
        Outbox outbox = TestOutbox.on(em);
        em.getTransaction().begin();
        em.persist(server);
        em.flush();
        Job made = DeploymentJobs.create(server.getId(), JobTest.plan(), "jms:billing", T0);
        em.persist(made);
        em.flush();
        // As the automation interface's transaction runs: the boundary makes the job and tells it, then the job is
        // given the command's request id, then the command's acceptance is told.
        new JobEvents(outbox).record(JobEvents.before(null, null), made, server, T0);
        made.recordRequestId("order-18");
        outbox.stampRequestId(made.getId(), "order-18");
        outbox.append(made.getId(), "com.ecsprovisioner.command.accepted.v1", String.valueOf(made.getId()), "order-18",
                "{}", null, T0);
        em.getTransaction().commit();
        em.clear();
        List<OutboxEvent> rows = TestOutbox.rows(em);
        assertEquals(List.of(STATE_CHANGED, SERVER_STATUS_CHANGED, "com.ecsprovisioner.command.accepted.v1"),
                rows.stream().map(OutboxEvent::type).toList());
        assertEquals(List.of("order-18", "order-18", "order-18"), rows.stream().map(OutboxEvent::requestId).toList(),
                "a subscriber selecting on the request id sees the job from its first event");
        em.close();
    }
}
