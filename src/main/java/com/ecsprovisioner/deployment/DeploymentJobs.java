package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.StepName;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The deployment's job kind and steps, declared by this feature (the engine names none), and the jobs it makes: a
 * deployment from its plan, and a bootstrap alone of a server that already runs (a custom server, or an ECS server
 * whose software is installed again). Part of the feature's public face: custom servers make their bootstrap jobs here.
 */
public final class DeploymentJobs {

    /** Deploying a server; stored as {@code deploy}. */
    public static final JobKind DEPLOY = JobKind.of("DEPLOY", "Deployment");

    /** A deployment job with the bootstrap step alone, shown as such (the same kind: same handler, same steps). */
    static final JobKind BOOTSTRAP_ONLY = DEPLOY.labelled("Bootstrap");

    public static final StepName ZONE = DeploymentStep.ZONE.step;
    public static final StepName VPC = DeploymentStep.VPC.step;
    public static final StepName VSWITCH = DeploymentStep.VSWITCH.step;
    public static final StepName SECURITY_GROUP = DeploymentStep.SECURITY_GROUP.step;
    public static final StepName INGRESS_RULES = DeploymentStep.INGRESS_RULES.step;
    public static final StepName INSTANCE = DeploymentStep.INSTANCE.step;
    public static final StepName RUNNING = DeploymentStep.RUNNING.step;
    public static final StepName SSH = DeploymentStep.SSH.step;
    public static final StepName BOOTSTRAP = DeploymentStep.BOOTSTRAP.step;

    /** A deployment's steps, in order. */
    public static final List<StepName> STEPS = Arrays.stream(DeploymentStep.values()).map(s -> s.step).toList();

    /** The steps bound to a zone: they run again, with new client tokens, when the job leaves its zone. */
    private static final List<StepName> ZONE_BOUND = List.of(ZONE, VSWITCH, INSTANCE, RUNNING, SSH);

    private DeploymentJobs() {
    }

    /**
     * A queued deployment of the server with that id (its id goes into every tag), due now.
     *
     * @param requestedBy the login name of who asked (the boundary's caller), or {@code Callers.SYSTEM}
     */
    public static Job create(long serverId, DeploymentPlan plan, String requestedBy, Instant now) {
        JobPlan jobPlan = plan.toJobPlan();
        Job job = new Job(DEPLOY, STEPS, serverId, plan.profileId(), jobPlan, requestedBy, now);
        job.log(now, JobLogEntry.Level.INFO, "Deployment of " + plan.serverName() + " requested by " + job.getRequestedBy()
                + " (" + jobPlan.describe() + ")");
        return job;
    }

    /**
     * A queued bootstrap of a server that already runs and answers SSH: the {@link #BOOTSTRAP} step alone, no cloud
     * plan.
     */
    public static Job bootstrapOnly(long serverId, long profileId, String regionId, String serverName, int sshPort,
                                    String requestedBy, Instant now) {
        Job job = new Job(BOOTSTRAP_ONLY, List.of(BOOTSTRAP), serverId, profileId, JobPlan.bootstrapOnly(regionId, serverName, sshPort),
                requestedBy, now);
        job.log(now, JobLogEntry.Level.INFO, "Bootstrap of " + serverName + " requested by " + job.getRequestedBy());
        return job;
    }

    /** True for a job that only bootstraps (it has no cloud steps and nothing to roll back in the cloud). */
    public static boolean isBootstrapOnly(Job job) {
        return job.getSteps().size() == 1 && job.getSteps().get(0).getName().equals(BOOTSTRAP);
    }

    /** Starts the job's current step if it has not started; a bootstrap step that starts begins a new attempt. */
    static void beginCurrentStep(Job job, Instant now, Duration deadline) {
        if (job.steps().beginCurrent(now, deadline) && job.getCurrentStep().equals(BOOTSTRAP)) {
            job.bootstrap().newAttempt(now);
        }
    }

    /**
     * The chosen zone cannot take the instance (out of stock, not on sale): remember it, and go back to choosing a
     * zone; the zone-bound steps run again with new client tokens, the regional ones (VPC, security group) stay done.
     */
    public static void leaveZone(Job job, String reason, Instant now) {
        job.log(now, JobLogEntry.Level.WARN, "Zone " + job.zone().zoneId() + " cannot take the instance (" + reason + "); trying the next zone");
        job.steps().goBackTo(ZONE, ZONE_BOUND, now);
        job.zone().leave();
    }
}
