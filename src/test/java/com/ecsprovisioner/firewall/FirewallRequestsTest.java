package com.ecsprovisioner.firewall;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.firewall.FirewallRequests.Context;
import com.ecsprovisioner.firewall.FirewallRequests.Where;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The refusals and the job a request makes, without a cloud: custom servers, shared groups, status, a busy server. */
class FirewallRequestsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final FirewallRule OFFICE = FirewallRule.of(8080, "203.0.113.0/24");
    private static final Context PLAIN = new Context(false, 22, Optional.empty(), List.of());

    private static Server activeCustom() {
        Server s = Server.custom("byo-1", "198.51.100.4", 5, "cn-hangzhou", NOW);
        s.startBootstrap(NOW);
        s.markActive(NOW);
        return s;
    }

    @Test
    void aCustomServersChangeIsForUfwOnlyAndItsSecurityGroupStepIsSkippedFromTheStart() {
        FirewallRequests.Planned planned = FirewallRequests.request(3, activeCustom(), List.of(), true, OFFICE, Where.BOTH, PLAIN, "alice", NOW);
        assertFalse(planned.inCloud());
        assertTrue(planned.onServer());
        Job job = planned.job();
        assertEquals(List.of(StepStatus.SKIPPED, StepStatus.PENDING), job.getSteps().stream().map(s -> s.getStatus()).toList());
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().contains("a custom server has no security group")));
        Rejected cloudOnly = assertThrows(Rejected.class, () -> FirewallRequests.request(3, activeCustom(), List.of(), true, OFFICE,
                Where.CLOUD, PLAIN, "alice", NOW));
        assertTrue(cloudOnly.getMessage().contains("no security group, only ufw"), cloudOnly.getMessage());
    }

    @Test
    void aServerOnTheOldSharedGroupIsRefusedCloudChangesButNotUfwOnes() {
        Context shared = new Context(true, 22, Optional.empty(), List.of());
        Server server = new Server("web-1", 5, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", NOW);
        server.startProvisioning(NOW);
        server.useNetwork("vpc-1", "vsw-1", "sg-shared", NOW);
        server.markSshReachable("198.51.100.9", "172.16.0.9", NOW);
        server.markActive(NOW);
        Rejected refused = assertThrows(Rejected.class, () -> FirewallRequests.request(3, server, List.of(), true, OFFICE, Where.BOTH,
                shared, "alice", NOW));
        assertTrue(refused.getMessage().contains("shared security group sg-shared"), refused.getMessage());
        FirewallRequests.Planned ufw = FirewallRequests.request(3, server, List.of(), true, OFFICE, Where.SERVER, shared, "alice", NOW);
        assertFalse(ufw.inCloud());
    }

    @Test
    void aServerThatIsNotActiveOrBusyIsRefusedInWords() {
        Server requested = Server.custom("byo-2", "198.51.100.5", 5, "cn-hangzhou", NOW);
        Rejected notActive = assertThrows(Rejected.class, () -> FirewallRequests.request(3, requested, List.of(), true, OFFICE,
                Where.BOTH, PLAIN, "alice", NOW));
        assertTrue(notActive.getMessage().contains("only while it is active"), notActive.getMessage());

        Server server = activeCustom();
        Job running = FirewallRequests.request(3, server, List.of(), true, OFFICE, Where.BOTH, PLAIN, "alice", NOW).job();
        Rejected busy = assertThrows(Rejected.class, () -> FirewallRequests.request(3, server, List.of(running), false, OFFICE,
                Where.BOTH, PLAIN, "alice", NOW));
        assertTrue(busy.getMessage().contains("firewall change job"), busy.getMessage());
    }
}
