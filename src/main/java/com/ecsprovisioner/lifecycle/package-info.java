/**
 * What happens to a server after it is deployed: the actions a person asks for (start, stop, reboot (soft over SSH with a hard
 * fallback) and hard reboot, resize,
 * snapshot, delete with its network), the status sync that keeps each server's status true to the cloud, and the
 * clean-up of network resources the product tagged that no live server uses. {@link
 * com.ecsprovisioner.lifecycle.ServerActions} is the boundary (authorisation, transactions, refusals in words);
 * each action is a durable job of the {@code provisioning} engine (its steps are in {@code
 * provisioning.LifecycleProcess}, its checks in {@code provisioning.LifecycleRequests}), so it has the same
 * guarantees as a deployment. {@link com.ecsprovisioner.lifecycle.StatusSync} is the timer and
 * {@link com.ecsprovisioner.lifecycle.CloudSync} its plain-Java core; {@link com.ecsprovisioner.lifecycle.NetworkCleanup}
 * finds and deletes orphans. Statuses change only through {@code server.Server}'s verbs; the cloud is reached only
 * through the {@code cloud} port. No page code here (the console calls the boundary).
 */
package com.ecsprovisioner.lifecycle;
