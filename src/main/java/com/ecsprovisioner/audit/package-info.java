/**
 * The audit trail: who changed what the product keeps (provider profiles and their secrets, console users, host
 * keys, custom servers, clean-up deletions, the sandbox), when, from where and what changed. A boundary records the
 * change through {@link com.ecsprovisioner.audit.AuditTrail} in the same transaction as the change itself, so that a
 * change without its record (or a record without its change) cannot commit. The records are append-only in the
 * database itself (migration V17: a trigger refuses every UPDATE and DELETE), not only in this code.
 *
 * <p>This package sits low: features, security and the console call it; it imports no feature, nor security (which
 * records user changes here), nor the web layer (which hands it the client's address through
 * {@link com.ecsprovisioner.audit.ConsoleClient}). Who acted is the name the boundary records for its caller (the
 * same name jobs keep as their requester); where from is read off that name ({@link com.ecsprovisioner.audit.Origin}).
 * Secrets never reach a record: {@link com.ecsprovisioner.audit.Changes} takes no value for a secret field.
 */
package com.ecsprovisioner.audit;
