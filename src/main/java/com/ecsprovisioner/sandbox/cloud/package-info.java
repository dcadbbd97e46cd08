/**
 * The sandbox cloud's state and rules: accounts and their RAM policies, the catalogue (regions, zones, instance
 * types, images), and per account and region the VPCs, vSwitches, security groups, key pairs, instances and
 * snapshots, with their asynchronous states derived from timestamps when read (no background threads), ClientToken
 * idempotency, dry runs, quotas, stock, dependency rules and persistence to a state file. Each account's region is
 * guarded by its own lock, held only for in-memory work, never across I/O. It answers authenticated calls as plain
 * maps and throws {@code ApiError}s; it knows nothing of HTTP.
 * <p>
 * Layout: {@code SimulatedCloud} authenticates and authorises each call and hands it to {@code EcsActions} or
 * {@code VpcActions}; {@code EcsActions} routes each ECS action to the class of its area ({@code CatalogueActions},
 * {@code KeyPairActions}, {@code SecurityGroupActions}, {@code InstanceActions}, {@code DiskActions},
 * {@code TagActions}); the resources themselves ({@code Vpc}, {@code Instance}, ...) are plain state classes.
 */
package com.ecsprovisioner.sandbox.cloud;
