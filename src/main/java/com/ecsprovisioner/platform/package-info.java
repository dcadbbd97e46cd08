/**
 * What the product needs to run at all, inside the application server: the schema migrations applied at start-up,
 * the embedded message broker and its journal in the data folder, the master key for stored secrets' location,
 * health checks and the settings every other package reads. Nothing here knows about clouds or servers; features
 * depend on this package, never the other way round.
 */
package com.ecsprovisioner.platform;
