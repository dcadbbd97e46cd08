package com.ecsprovisioner.it;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.it.support.AdminCaller;
import com.ecsprovisioner.it.support.SandboxBootstrapAccess;
import com.ecsprovisioner.it.support.SandboxTargets;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's wiring in Payara Micro with the real broker, database and embedded sandbox: a deploy through the
 * boundary reaches an active, bootstrapped server driven by JMS and the sweep, duplicate "advance" messages change nothing, and a
 * cancel rolls back. One deployment of the WAR for all of it.
 */
@ExtendWith(ArquillianExtension.class)
class DeploymentEngineIT {

    @Deployment
    static WebArchive deployment() {
        WebArchive archive = com.ecsprovisioner.it.support.TestWar.importThin();
        String webXml = read(archive, "WEB-INF/web.xml").replace("<url-pattern>/login.xhtml</url-pattern>",
                "<url-pattern>/login.xhtml</url-pattern><url-pattern>/ArquillianServletRunnerEE9</url-pattern>");
        // Payara's @RunAs works only when every role mapping names a principal (payara/Payara#5148).
        String payaraWeb = read(archive, "WEB-INF/payara-web.xml")
                .replace("<group-name>admin</group-name>", "<principal-name>it-admin</principal-name><group-name>admin</group-name>")
                .replace("<group-name>viewer</group-name>", "<principal-name>it-viewer</principal-name><group-name>viewer</group-name>");
        return archive.setWebXML(new StringAsset(webXml))
                .addAsWebInfResource(new StringAsset(payaraWeb), "payara-web.xml")
                .addClasses(DeploymentEngineIT.class, SandboxTargets.class, SandboxBootstrapAccess.class, AdminCaller.class);
    }

    private static String read(WebArchive archive, String path) {
        try (var in = archive.get(path).getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @EJB
    AdminCaller admin;

    @Inject
    SandboxTargets targets;

    private Job waitFor(long jobId, Predicate<Job> done, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Job job = admin.job(jobId);
        while (!done.test(job) && System.nanoTime() < end) {
            pause(500);
            job = admin.job(jobId);
        }
        return job;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String history(Job job) {
        StringBuilder sb = new StringBuilder(job.getState() + " at " + job.getCurrentStep());
        job.log().forEach(l -> sb.append("\n  ").append(l));
        return sb.toString();
    }

    @Test
    void aDeployReachesSshReachableAndDuplicateMessagesChangeNothing() {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Deployments.Deployment d = admin.deploy(DeployRequest.withDefaults(name, 1));
        assertTrue(admin.servers().stream().anyMatch(s -> s.getId() == d.serverId()), "listed as soon as requested");
        admin.sendAdvance(d.jobId(), 3); // duplicates while it runs

        Job job = waitFor(d.jobId(), j -> !j.getState().isActive(), 150);
        assertEquals(JobState.SUCCEEDED, job.getState(), history(job));
        Server server = admin.servers().stream().filter(s -> s.getId() == d.serverId()).findFirst().orElseThrow();
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), "the bootstrap ran after SSH answered");
        assertTrue(server.getComponentVersions().containsKey("nginx"), server.getComponentVersions().toString());
        List<CloudTypes.Instance> instances = targets.cloudFor(1).instancesTagged(Tags.SERVER, Optional.of(Long.toString(d.serverId())));
        assertEquals(1, instances.size(), "one instance for the server");
        assertEquals(server.getInstanceId(), instances.get(0).id());
        for (String once : List.of("Deployment started", "Instance " + server.getInstanceId() + " created", "SSH answers",
                "Scripts uploaded to ", "The bootstrap script finished successfully")) {
            assertEquals(1, job.log().stream().filter(l -> l.getMessage().startsWith(once)).count(), once + " once:\n" + history(job));
        }

        long version = job.getVersion();
        int lines = job.log().size();
        admin.sendAdvance(d.jobId(), 3); // late duplicates
        pause(4000); // the consumers and at least one sweep have had their turn
        Job after = admin.job(d.jobId());
        assertEquals(version, after.getVersion(), "a finished job is not touched");
        assertEquals(lines, after.log().size());
    }

    @Test
    void aCancelledDeploymentRollsBackAndBadRequestsAreRefused() {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        // An application exception: it reaches the caller as it is, with its message for the person.
        Rejected refused = assertThrows(Rejected.class, () -> admin.deploy(DeployRequest.withDefaults("no good", 1)));
        assertTrue(refused.getMessage().startsWith("A server name"), refused.getMessage());

        Deployments.Deployment d = admin.deploy(DeployRequest.withDefaults(name, 1));
        waitFor(d.jobId(), j -> DeploymentJobs.STEPS.indexOf(j.getCurrentStep()) >= DeploymentJobs.STEPS.indexOf(DeploymentJobs.VSWITCH), 60);
        admin.cancel(d.jobId());
        Job job = waitFor(d.jobId(), j -> !j.getState().isActive(), 150);
        assertEquals(JobState.ROLLED_BACK, job.getState(), history(job));
        assertTrue(job.log().stream().anyMatch(l -> l.getLevel() == JobLogEntry.Level.INFO && l.getMessage().startsWith("Cancelling")));
        assertTrue(targetsEmptyEventually(d.serverId()), "nothing of the server is left in the cloud");
        Server server = admin.servers().stream().filter(s -> s.getId() == d.serverId()).findFirst().orElse(null);
        assertEquals(null, server, "a deleted server leaves the list");
    }

    private boolean targetsEmptyEventually(long serverId) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (targets.cloudFor(1).networkResourcesTagged(Tags.SERVER, Optional.of(Long.toString(serverId))).isEmpty()
                    && targets.cloudFor(1).instancesTagged(Tags.SERVER, Optional.of(Long.toString(serverId))).isEmpty()) {
                return true;
            }
            pause(500);
        }
        return false;
    }
}
