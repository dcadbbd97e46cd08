/**
 * What happens to a server after it is deployed: the actions a person asks for (start, stop, reboot (soft over SSH
 * with a hard fallback) and hard reboot, resize, snapshot, delete with its network), the status sync that keeps each
 * server's status true to the cloud. {@link com.ecsprovisioner.lifecycle.ServerActions} is the boundary (authorisation, transactions, refusals in
 * words) with its checks in {@link com.ecsprovisioner.lifecycle.LifecycleRequests}; each action is a durable job
 * whose steps {@link com.ecsprovisioner.lifecycle.LifecycleProcess} runs as the {@code engine}'s handler of those
 * kinds ({@link com.ecsprovisioner.lifecycle.LifecycleConfiguration}), so it has the same guarantees as a
 * deployment. The kinds, their steps in order ({@code LifecycleKinds}, {@code LifecycleStep}: labels and default
 * deadlines) and the making of their jobs are declared here, not in the engine. Whether a step's call was accepted is a field of the step, not a line of the log. A soft reboot asks
 * the OS over SSH with the bootstrap's logins and the pinned host key ({@link com.ecsprovisioner.lifecycle.OsReboot}:
 * one short connection per turn). What an action asks and records beyond its job (a snapshot's name and id, the OS's
 * boot id before a soft reboot, a start after a resize) is a {@link com.ecsprovisioner.lifecycle.LifecycleAction} in
 * the lifecycle's own table keyed by the job's id, read and written through
 * {@link com.ecsprovisioner.lifecycle.LifecycleActions}, so that the engine's job holds no lifecycle column. {@link com.ecsprovisioner.lifecycle.StatusSync}
 * is the timer and {@link com.ecsprovisioner.lifecycle.CloudSync} its plain-Java core (orphans are the
 * {@code cleanup} feature's). Statuses change only through
 * {@code server.Server}'s verbs; the cloud is reached only through the {@code cloud} port. The public face other
 * packages may use: the boundary and its option types; no page code here.
 */
package com.ecsprovisioner.lifecycle;
