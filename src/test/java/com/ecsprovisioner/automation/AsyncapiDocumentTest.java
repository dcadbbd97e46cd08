package com.ecsprovisioner.automation;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.JobTest;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The AsyncAPI document served at {@code /api/asyncapi.yaml} is valid for AsyncAPI's own parser ({@code @asyncapi/parser}
 * from npm), its references to the command and event schemas resolve as they are laid out in {@code src/main/webapp},
 * and the events the engine writes fit the event schema (checked with Ajv, the parser's own validator). Node and the
 * packages come from {@code npm ci} in {@code src/test/node} (CI does it); without them the test is skipped locally
 * and fails in CI.
 */
class AsyncapiDocumentTest {

    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Path API = Path.of("src/main/webapp/api").toAbsolutePath();

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void theDocumentParsesWithAsyncApisParserAndResolvesBothSchemas() throws Exception {
        String out = node("asyncapi-check.mjs", API.resolve("asyncapi.yaml").toString());
        assertTrue(out.contains("\"version\":\"3.0.0\""), out);
        assertTrue(out.contains("\"channels\":[\"ecs.commands\",\"ecs.events\""), out);
        assertTrue(out.contains("\"operations\":[\"receive:receiveEvents\",\"send:sendCommand\"]"), out);
        assertTrue(out.contains("\"ecs.commands\":[\"requestId\",\"type\"]"), "the command schema resolved: " + out);
        assertTrue(out.contains("\"ecs.events\":[\"data\",\"datacontenttype\",\"dataschema\",\"id\",\"requestid\",\"sequence\""),
                "the event schema resolved: " + out);
        assertTrue(out.contains("\"warnings\":[]"), out);
    }

    @Test
    void everyEventTheEngineWritesFitsTheEventSchema() throws Exception {
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        em.persist(server);
        em.flush();
        Job job = DeploymentJobs.create(server.getId(), JobTest.plan(), "jms:billing", t);
        job.recordRequestId("order-17");
        em.persist(job);
        em.flush();

        List<JobEvents.Event> events = new ArrayList<>(JobEvents.derive(JobEvents.before(null, null), job, server));
        Duration min = Duration.ofMinutes(1);
        List<Consumer<Job>> transitions = List.of(
                j -> {
                    j.start(t);
                    server.startProvisioning(t);
                    j.steps().beginCurrent(t, min);
                },
                j -> j.waitUntil(t.plusSeconds(5), t),
                j -> j.steps().beginCurrent(t.plusSeconds(5), min),
                j -> j.retryLater(t.plusSeconds(9), "Throttling: slow down", t.plusSeconds(6)),
                j -> j.steps().beginCurrent(t.plusSeconds(9), min),
                j -> j.steps().complete(t.plusSeconds(10), "Zone chosen"),
                j -> j.steps().beginCurrent(t.plusSeconds(10), min),
                j -> {
                    j.fail(DeploymentJobs.VPC, "Quota exceeded", "QuotaExceeded.Vpc", "req-1", t.plusSeconds(11));
                    server.fail("failed", t.plusSeconds(11));
                },
                j -> j.rollback().begin(t.plusSeconds(12), min),
                j -> j.waitUntil(t.plusSeconds(15), t.plusSeconds(12)),
                j -> j.rollback().failed("stuck", "DependencyViolation", "req-2", t.plusSeconds(16)),
                j -> j.log(t, JobLogEntry.Level.INFO, "nothing to tell"));
        for (Consumer<Job> change : transitions) {
            JobEvents.Before before = JobEvents.before(job, server);
            change.accept(job);
            events.addAll(JobEvents.derive(before, job, server));
        }
        Server active = new Server("web-2", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        em.persist(active);
        em.flush();
        Job done = DeploymentJobs.create(active.getId(), JobTest.plan(), "admin", t);
        em.persist(done);
        em.flush();
        done.start(t);
        active.startProvisioning(t);
        active.recordInstance("i-2", t);
        active.markSshReachable("47.1.2.3", null, t);
        for (int i = 0; i < DeploymentJobs.STEPS.size() - 1; i++) {
            done.steps().beginCurrent(t, min);
            done.steps().complete(t, "done");
        }
        done.steps().beginCurrent(t, min);
        JobEvents.Before before = JobEvents.before(done, active);
        done.steps().complete(t.plusSeconds(60), "Bootstrap finished");
        active.markActive(Map.of("nginx", "1.24.0", "php", "8.2.7"), t.plusSeconds(60));
        events.addAll(JobEvents.derive(before, done, active));
        em.getTransaction().rollback();
        em.close();

        StringBuilder json = new StringBuilder("[");
        long id = 1;
        for (JobEvents.Event e : events) {
            RelayedEvent row = new RelayedEvent(id, job.getId(), id, e.type(), String.valueOf(job.getId()), "order-17",
                    e.data(), null, null, t);
            json.append(id == 1 ? "" : ",").append(CloudEventsFormat.body(row));
            id++;
        }
        RelayedEvent sync = new RelayedEvent(id, null, 0, JobEvents.SERVER_STATUS_CHANGED, null, null,
                "{\"serverId\":3,\"serverName\":\"web-3\",\"from\":\"active\",\"to\":\"stopped\",\"reason\":\"noticed\"}",
                null, null, t);
        json.append(",").append(CloudEventsFormat.body(sync)).append("]");
        Path file = Files.createTempFile("events", ".json");
        Files.writeString(file, json);
        String out = node("event-check.mjs", API.resolve("schemas/event-v1.json").toString(), file.toString());
        Files.delete(file);
        List<String> types = events.stream().map(JobEvents.Event::type).distinct().toList();
        for (String type : List.of(JobEvents.STATE_CHANGED, JobEvents.STEP_STARTED, JobEvents.STEP_FINISHED, JobEvents.WAITING,
                JobEvents.FAILED, JobEvents.SUCCEEDED, JobEvents.SERVER_STATUS_CHANGED)) {
            assertTrue(types.contains(type), "the sample covers " + type + ": " + types);
        }
        assertEquals(events.size() + 1, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
    }

    /** Runs a script of src/test/node; answers its output, failing the test with its errors when it fails. */
    private static String node(String script, String... args) throws IOException, InterruptedException {
        boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/@asyncapi/parser"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/ajv-formats"));
        if (!installed || !onPath()) {
            String why = "@asyncapi/parser and ajv are not installed: run 'npm ci' in src/test/node (needs node on the PATH)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; CI installs them in .ci/run, so this is a broken CI set-up.");
            }
            Assumptions.abort(why + ".");
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " did not finish in 90 s.");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), script + " failed:\n" + out + err);
        return out;
    }

    private static boolean onPath() {
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
