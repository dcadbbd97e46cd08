/**
 * Who may use the console and what they may do, and the protection of stored secrets. Console users log in with a
 * form (Jakarta Security) against users kept in the database with PBKDF2 password hashes; an account that keeps
 * failing is locked for a while. Two roles: {@code admin} changes things, {@code viewer} only looks; boundaries
 * enforce that with {@code @RolesAllowed}, pages only hide what a role cannot do. Secrets that the product must
 * keep (cloud keys, private keys, database passwords of servers) are sealed with AES-GCM under one master key that
 * comes from configuration or, failing that, from a generated file in the data folder.
 */
package com.ecsprovisioner.security;
