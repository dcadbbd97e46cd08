package com.ecsprovisioner.firewall;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;

/**
 * The firewall's job kind and its steps, declared here by the feature (the engine names neither), and how a job of it
 * is made: due now, with the place the change is not for already skipped, so that its log says so from the start.
 */
final class FirewallKinds {

    static final JobKind FIREWALL = JobKind.of("FIREWALL", "Firewall change");

    static final List<StepName> STEPS = List.of(FirewallStep.SECURITY_GROUP_RULE.step, FirewallStep.UFW_RULE.step);

    private FirewallKinds() {
    }

    /** A firewall job on a server that exists; the caller persists it, then its {@link FirewallChange}. */
    static Job create(long serverId, Server server, boolean opening, FirewallRule rule, boolean inCloud, boolean onServer,
                      String requestedBy, Instant now) {
        Job job = new Job(FIREWALL, STEPS, serverId, server.getProfileId(), JobPlan.action(server, server.getInstanceType()),
                requestedBy, now);
        job.log(now, JobLogEntry.Level.INFO, (opening ? "Open " : "Close ") + rule + " on " + server.getName()
                + " requested by " + job.getRequestedBy());
        if (!inCloud) {
            job.steps().skip(FirewallStep.SECURITY_GROUP_RULE.step, server.isCustom()
                    ? "a custom server has no security group: its firewall is ufw only" : "this change is for the server's ufw only", now);
        }
        if (!onServer) {
            job.steps().skip(FirewallStep.UFW_RULE.step, "this change is for the security group only", now);
        }
        return job;
    }
}
