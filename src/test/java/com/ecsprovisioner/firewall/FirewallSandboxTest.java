package com.ecsprovisioner.firewall;

import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.deployment.OpenHarnesses;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.firewall.FirewallRequests.Where;
import com.ecsprovisioner.firewall.FirewallView.Place;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import com.ecsprovisioner.testsupport.EntityIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Firewall jobs against the sandbox, through the real Alibaba adapter (DescribeSecurityGroupAttribute,
 * AuthorizeSecurityGroup, RevokeSecurityGroup) and the sandbox's SSH hosts' ufw, driven as the engine drives jobs:
 * a port opened lands in the server's security group and in its ufw, and closes again in both; a rule changed
 * outside the product in one place shows as drift and is repaired either way; closing SSH to the product's address
 * is refused.
 */
class FirewallSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final FirewallRule OFFICE = FirewallRule.of(8080, "203.0.113.0/24");

    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    /** The harness, a firewall handler on it, and the changes its jobs were asked for (the database's part). */
    private final class Setup {
        final EngineHarness h = new EngineHarness(b -> { });
        final Map<Long, FirewallChange> changes = new HashMap<>();
        final HostFirewall host = new HostFirewall(h.bootstrapAccess, new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        final FirewallProcess process = new FirewallProcess(h.process.settings(), new Random(7), host, id -> Optional.ofNullable(changes.get(id)));
        final List<Job> jobs = new ArrayList<>();
        long nextJobId = 1_000;

        Setup() {
            open.add(h);
        }

        Server active(String name) {
            Job job = h.deploy(DeployRequest.withDefaults(name, PROFILE));
            h.runUntilSettled(LIMIT);
            assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
            Server server = h.serverOf(job);
            assertEquals(ServerStatus.ACTIVE, server.getStatus());
            return server;
        }

        long idOf(Server server) {
            return h.servers.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
        }

        FirewallView view(Server server) {
            return FirewallLooks.read(server, () -> h.cloud, host, h.sshPort);
        }

        FirewallRequests.Context context(Server server, Optional<String> productAddress, Where where) {
            return new FirewallRequests.Context(false, h.sshPort, productAddress, FirewallLooks.openEverywhere(view(server), where));
        }

        /** What the boundary does (persisting the job gives it an id), then the engine's moves until it settles. */
        Job run(Server server, boolean opening, FirewallRule rule, Where where, Optional<String> productAddress) {
            long serverId = idOf(server);
            FirewallRequests.Planned planned = FirewallRequests.request(serverId, server, jobs, opening, rule, where,
                    context(server, productAddress, where), "alice", Instant.now());
            Job job = planned.job();
            EntityIds.assign(job, nextJobId++);
            changes.put(job.getId(), planned.change(serverId, Instant.now()));
            jobs.add(job);
            h.runToEnd(process, job, server, LIMIT);
            assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
            assertEquals(ServerStatus.ACTIVE, server.getStatus());
            return job;
        }

        List<FirewallRule> groupRules(Server server) {
            return h.region("sandbox-admin").ingressRules(server.getSecurityGroupId()).stream()
                    .map(r -> FirewallRule.of(r.fromPort(), r.sourceCidr())).toList();
        }

        UfwStatus ufw(Server server) {
            return assertInstanceOf(HostFirewall.Status.class, host.read(server)).status();
        }
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }

    private static FirewallView.Row row(FirewallView view, FirewallRule rule) {
        return view.rows().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow(() -> new AssertionError(rule + " not in " + view));
    }

    @Test
    void aBootstrappedServerShowsSshHttpAndHttpsOpenInBothPlaces() {
        Setup s = new Setup();
        Server server = s.active("fw-fresh");
        FirewallView view = s.view(server);
        assertTrue(view.ufwActive(), view.toString());
        assertEquals(java.util.Set.of("SSH", "HTTP", "HTTPS"), view.rows().stream().map(FirewallView.Row::name)
                .collect(Collectors.toSet()), view.toString());
        assertTrue(view.rows().stream().allMatch(r -> r.cloud() == Place.PRESENT && r.server() == Place.PRESENT), view.toString());
        assertTrue(view.drift().isEmpty());
    }

    @Test
    void aPortOpenedLandsInTheSecurityGroupAndOnTheHostsUfwInOneJobAndClosesAgain() {
        Setup s = new Setup();
        Server server = s.active("fw-open");
        Job opened = s.run(server, true, OFFICE, Where.BOTH, Optional.empty());
        assertEquals(List.of(StepStatus.DONE, StepStatus.DONE), opened.getSteps().stream().map(st -> st.getStatus()).toList(), log(opened));
        assertEquals("FIREWALL", opened.getKind().name());
        assertTrue(s.groupRules(server).contains(OFFICE), s.groupRules(server).toString());
        assertTrue(s.ufw(server).rules().contains(OFFICE), s.ufw(server).toString());
        FirewallView.Row row = row(s.view(server), OFFICE);
        assertEquals(Place.PRESENT, row.cloud());
        assertEquals(Place.PRESENT, row.server());

        // Opening it again changes nothing and says so.
        Job again = s.run(server, true, OFFICE, Where.BOTH, Optional.empty());
        assertTrue(again.log().stream().anyMatch(l -> l.getMessage().contains("already open")), log(again));

        s.run(server, false, OFFICE, Where.BOTH, Optional.empty());
        assertFalse(s.groupRules(server).contains(OFFICE));
        assertFalse(s.ufw(server).rules().contains(OFFICE));
        assertTrue(s.view(server).rows().stream().noneMatch(r -> r.rule().equals(OFFICE)));
    }

    @Test
    void driftFoundInEitherPlaceIsRepairedEitherWay() {
        Setup s = new Setup();
        Server server = s.active("fw-drift");
        FirewallRule https = FirewallRule.of(443, FirewallRule.EVERYONE);
        FirewallRule http = FirewallRule.of(80, FirewallRule.EVERYONE);

        // Someone removes HTTPS from the security group in the cloud's console.
        s.h.region("sandbox-admin").revokeIngress(server.getSecurityGroupId(), List.of(new CloudTypes.IngressRule(443, 443, "0.0.0.0/0", null)));
        FirewallView view = s.view(server);
        assertEquals(List.of(https), view.drift().stream().map(FirewallView.Row::rule).toList(), view.toString());
        assertEquals(Place.ABSENT, row(view, https).cloud());
        // Repaired by putting it back where it is missing: the security group.
        assertEquals(Where.CLOUD, FirewallLooks.repairPlace(view, https, true));
        Job back = s.run(server, true, https, FirewallLooks.repairPlace(view, https, true), Optional.empty());
        assertEquals(StepStatus.SKIPPED, back.getSteps().get(1).getStatus(), "ufw was right: not touched");
        assertTrue(s.groupRules(server).contains(https));
        assertTrue(s.view(server).drift().isEmpty());

        // Someone deletes HTTP from ufw on the server.
        assertInstanceOf(HostFirewall.Done.class, s.host.delete(server, http));
        view = s.view(server);
        assertEquals(Place.PRESENT, row(view, http).cloud());
        assertEquals(Place.ABSENT, row(view, http).server());
        // Repaired the other way: removed where it is still open, the security group.
        Where where = FirewallLooks.repairPlace(view, http, false);
        assertEquals(Where.CLOUD, where);
        s.run(server, false, http, where, Optional.empty());
        assertFalse(s.groupRules(server).contains(http));
        assertTrue(s.view(server).drift().isEmpty());
        assertTrue(s.view(server).rows().stream().noneMatch(r -> r.rule().equals(http)));

        // A rule in neither or both places is no drift to repair.
        FirewallView now = s.view(server);
        assertThrows(Rejected.class, () -> FirewallLooks.repairPlace(now, https, true));
    }

    @Test
    void aRuleSomeoneAddedForBothProtocolsIsClosedToo() {
        Setup s = new Setup();
        Server server = s.active("fw-both");
        FirewallRule alt = FirewallRule.of(8080, FirewallRule.EVERYONE);
        // Added on the server by hand, without "/tcp": ufw keeps it in those words, and the product reads it as its own.
        assertInstanceOf(HostFirewall.Done.class, s.host.run(server, "ufw allow 8080"));
        assertTrue(s.ufw(server).rules().contains(alt), s.ufw(server).toString());

        s.run(server, false, alt, Where.SERVER, Optional.empty());
        assertFalse(s.ufw(server).rules().contains(alt), "closed in whichever words it was added: " + s.ufw(server));
    }

    @Test
    void closingSshToTheProductsOwnAddressIsRefusedWithAClearMessage() {
        Setup s = new Setup();
        Server server = s.active("fw-ssh");
        FirewallRule sshEveryone = FirewallRule.of(s.h.sshPort, FirewallRule.EVERYONE);
        Rejected unknown = assertThrows(Rejected.class, () -> s.run(server, false, sshEveryone, Where.BOTH, Optional.empty()));
        assertTrue(unknown.getMessage().contains("would lock itself out") && unknown.getMessage().contains("ecs.firewall.product-address"),
                unknown.getMessage());

        Optional<String> product = Optional.of("198.51.100.7");
        Rejected known = assertThrows(Rejected.class, () -> s.run(server, false, sshEveryone, Where.BOTH, product));
        assertTrue(known.getMessage().contains("198.51.100.7"), known.getMessage());
        assertTrue(s.jobs.isEmpty(), "a refusal makes no job");
        assertTrue(s.groupRules(server).contains(sshEveryone));

        // With SSH open to the product's own range first, SSH to everyone else can be closed.
        FirewallRule productRange = FirewallRule.of(s.h.sshPort, "198.51.100.0/24");
        s.run(server, true, productRange, Where.BOTH, product);
        s.run(server, false, sshEveryone, Where.BOTH, product);
        assertFalse(s.groupRules(server).contains(sshEveryone));
        assertTrue(s.ufw(server).rules().contains(productRange));
        Rejected last = assertThrows(Rejected.class, () -> s.run(server, false, productRange, Where.BOTH, product));
        assertTrue(last.getMessage().contains("Closing SSH (port " + s.h.sshPort + ") to 198.51.100.0/24"), last.getMessage());
    }
}
