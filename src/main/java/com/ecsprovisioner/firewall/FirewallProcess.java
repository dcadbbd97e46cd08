package com.ecsprovisioner.firewall;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * How a firewall job moves, as the engine's handler of its kind: the security group first, then ufw over SSH, each
 * one step. Each step first looks and changes only what is not already so (a rule already open is done at once), so
 * that a step repeated after a crash, or a retry, changes nothing twice. A failure leaves the server's status as it
 * was: only the job (and the firewall panel) shows it.
 */
public final class FirewallProcess implements JobHandler {

    private final StepOutcomes outcomes;
    private final HostFirewall host;
    /** The change a job was asked for, by the job's id (the database in the container, a map in tests). */
    private final LongFunction<Optional<FirewallChange>> changes;

    FirewallProcess(ProvisioningSettings settings, RandomGenerator random, HostFirewall host,
                    LongFunction<Optional<FirewallChange>> changes) {
        this.outcomes = new StepOutcomes(settings, random, this);
        this.host = Objects.requireNonNull(host);
        this.changes = Objects.requireNonNull(changes);
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(FirewallKinds.FIREWALL);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return FirewallKinds.STEPS;
    }

    /** A change for ufw only (a custom server, a repair on the server) needs no cloud account. */
    @Override
    public boolean usesCloud(Job job) {
        return changes.apply(job.getId()).map(FirewallChange::isInCloud).orElse(true);
    }

    @Override
    public boolean failureReachesServer(JobKind kind) {
        return false;
    }

    @Override
    public void prepare(Job job, Server server, Instant now) {
        outcomes.startCurrentStep(job, now);
    }

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() != JobState.RUNNING) {
            return Outcome.none();
        }
        Optional<FirewallChange> change = changes.apply(job.getId());
        if (change.isEmpty()) {
            return outcomes.failure(job, "The firewall change of job " + job.getId() + " is not recorded", "NoChange", null);
        }
        try {
            return switch (FirewallStep.of(job.getCurrentStep())) {
                case SECURITY_GROUP_RULE -> securityGroup(job, server, cloud, change.get());
                case UFW_RULE -> ufw(job, server, change.get(), now);
            };
        } catch (CloudException e) {
            return outcomes.retry(job, e, now, true).orElseGet(() -> outcomes.permanent(job, e));
        }
    }

    /** The security group: one look (DescribeSecurityGroupAttribute), then Authorize or Revoke if still needed. */
    private Outcome securityGroup(Job job, Server server, CloudRegion cloud, FirewallChange change) {
        String group = server.getSecurityGroupId();
        if (group == null) {
            return outcomes.failure(job, "Server " + server.getName() + " has no security group", "NoSecurityGroup", null);
        }
        FirewallRule rule = change.rule();
        boolean present = cloud.ingressRules(group).stream().anyMatch(r -> matches(r, rule));
        if (present == change.isOpening()) {
            return done(rule + (present ? " was already open in " : " was already closed in ") + group);
        }
        CloudTypes.IngressRule ingress = new CloudTypes.IngressRule(rule.port(), rule.port(), rule.cidr(), name(server, rule));
        if (change.isOpening()) {
            // The step's client token makes a repeated call after a crash the same call.
            cloud.authorizeIngress(group, List.of(ingress), job.steps().current().getClientToken());
            return done("Cloud accepted: AuthorizeSecurityGroup " + group + " " + rule);
        }
        cloud.revokeIngress(group, List.of(ingress));
        return done("Cloud accepted: RevokeSecurityGroup " + group + " " + rule);
    }

    /** The rule's name for the group's description ("SSH", "HTTP"...); the number when the login cannot be read. */
    private String name(Server server, FirewallRule rule) {
        try {
            return rule.name(host.sshPort(server));
        } catch (IllegalArgumentException noLogin) {
            return rule.name(-1);
        }
    }

    static boolean matches(CloudTypes.IngressRule r, FirewallRule rule) {
        try {
            return r.fromPort() == rule.port() && r.toPort() == rule.port() && FirewallRule.canonical(r.sourceCidr()).equals(rule.cidr());
        } catch (IllegalArgumentException notIpv4) {
            return false;
        }
    }

    /** ufw on the server: one look ({@code ufw status}), then allow or delete if still needed. */
    private Outcome ufw(Job job, Server server, FirewallChange change, Instant now) {
        FirewallRule rule = change.rule();
        HostFirewall.Answer look = host.read(server);
        if (look instanceof HostFirewall.Status status) {
            boolean present = status.status().find(rule).isPresent();
            if (present == change.isOpening()) {
                return done(rule + (present ? " was already allowed" : " was already absent") + " in ufw on " + server.getName()
                        + (status.status().active() ? "" : " (ufw is inactive there)"));
            }
            HostFirewall.Answer changed = change.isOpening() ? host.allow(server, rule) : host.delete(server, rule);
            if (changed instanceof HostFirewall.Done d) {
                return done("Server accepted: " + d.command() + (d.output().isEmpty() ? "" : " (" + Job.clip(d.output().replace('\n', ' '), 200) + ")"));
            }
            look = changed;
        }
        if (look instanceof HostFirewall.Unreachable u) {
            int attempt = job.steps().current().getAttempts();
            return outcomes.retryLater(job, attempt, now, "SSH to " + server.getName() + " did not answer: " + u.message(),
                    () -> "SSH to " + server.getName() + " did not answer until the step's deadline: " + u.message(), "SshUnreachable", null);
        }
        HostFirewall.Refused refused = (HostFirewall.Refused) look;
        return outcomes.failure(job, refused.message(), refused.code(), null);
    }

    private static Outcome done(String what) {
        return (j, s, t) -> j.steps().complete(t, what);
    }
}
