/**
 * Deploying a server as a durable job that always finishes and never creates a resource twice. A
 * {@link com.ecsprovisioner.provisioning.Job} row holds the plan, the steps with their client tokens (made and
 * committed before the create call that uses them, reused on every retry), the resources created so far, the
 * next time the job should run and a log; the database is the truth, and a JMS message ("advance job N") or the
 * periodic sweep only says "look now". {@link com.ecsprovisioner.provisioning.DeploymentProcess} is the step logic
 * as plain Java against the {@code cloud} port (zone and network policies, waits as one look plus a recorded next
 * look with back-off and deadlines, retries of transient errors, rollback in dependency order);
 * {@link com.ecsprovisioner.provisioning.Deployments} is the boundary (validation, authorisation, transactions),
 * {@link com.ecsprovisioner.provisioning.JobWorker} claims and advances jobs, {@code JobConsumer} and
 * {@code JobSweep} are the two ways a job gets looked at. Profiles reach this package only through
 * {@link com.ecsprovisioner.provisioning.DeploymentTargets}; the server's status follows the job through the
 * verbs of {@code server.Server}. The last step, {@link com.ecsprovisioner.provisioning.BootstrapStep}, runs the
 * bootstrap scripts over SSH the same way (one short call per turn, progress stored on the job and the server);
 * a bootstrap-only job (a custom server, no cloud) has that step alone. What it needs from outside (logins, options,
 * sealing) comes through {@link com.ecsprovisioner.provisioning.BootstrapAccess}. The lifecycle actions (start,
 * stop, reboot, hard reboot, resize, snapshot, delete) are jobs of other {@link com.ecsprovisioner.provisioning.JobKind
 * kinds} on the same engine: {@code LifecycleProcess} has their steps, {@link com.ecsprovisioner.provisioning.LifecycleRequests}
 * their checks; their boundary is in {@code lifecycle}. A reboot first asks the OS over SSH with the bootstrap's
 * logins and the pinned host key ({@code OsReboot}: one short connection per turn, the OS's boot id kept on the job)
 * and falls back to the API; steps it does not need are skipped, not faked as done. Every job records who asked for
 * it (the boundary's caller, or {@code system}). No page code here, and no thread ever sleeps waiting for the
 * cloud or a server.
 */
package com.ecsprovisioner.provisioning;
