/**
 * The dead letters of the embedded broker: messages that failed every delivery the broker allows (a command that
 * keeps failing for a bug, an engine message that cannot be processed) are kept in the {@code DLQ} queue instead of
 * being dropped; this package lists them for the console and lets an admin replay each to its original address or
 * discard it, through Artemis's management API. Only the console uses it.
 */
package com.ecsprovisioner.automation.deadletters;
