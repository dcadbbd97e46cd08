/**
 * The sandbox cloud's state and rules: accounts and their RAM policies, the catalogue (regions, zones, instance
 * types, images), and per account and region the VPCs, vSwitches, security groups, key pairs, instances and
 * snapshots, with their asynchronous states derived from timestamps when read (no background threads), ClientToken
 * idempotency, dry runs, quotas, stock, dependency rules and persistence to a state file. Each account's region is
 * guarded by its own lock, held only for in-memory work, never across I/O. It answers authenticated calls as plain
 * maps and throws {@code ApiError}s; it knows nothing of HTTP.
 */
package com.ecsprovisioner.sandbox.cloud;
