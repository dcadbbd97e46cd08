/**
 * A server's firewall, kept in step in the two places that filter its traffic: the cloud's security group (which
 * decides first) and {@code ufw} on the server. {@link com.ecsprovisioner.firewall.Firewall} is the boundary
 * (authorisation, transactions, refusals in words, checked in {@link com.ecsprovisioner.firewall.FirewallRequests}):
 * it reads where each rule stands in each place ({@link com.ecsprovisioner.firewall.FirewallView}, drift included)
 * and opens, closes or repairs one rule as a durable job of its own kind, run by
 * {@link com.ecsprovisioner.firewall.FirewallProcess} as the {@code engine}'s handler (security group first, then
 * ufw over SSH with the bootstrap's logins and pinned host key). What each job was asked is its
 * {@link com.ecsprovisioner.firewall.FirewallChange} row; how far it got is the job's steps. The rules themselves are
 * read from where they live, never copied here, so a change made outside the product shows as drift. The cloud is
 * reached only through the {@code cloud} port. The public face: the boundary, the request checks, the view and the
 * rule value.
 */
package com.ecsprovisioner.firewall;
