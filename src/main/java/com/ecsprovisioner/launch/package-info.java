/**
 * Starts the whole product in one process: resolves the configuration that must be known before the application
 * server boots (data folder, HTTP port, database, broker), writes the Payara Micro commands that create the database
 * pool and configure and deploy the Artemis resource adapter before the WAR, and then boots Payara Micro in this JVM.
 * It is packaged as its own jar (never inside the WAR) and depends on nothing but the JDK and Payara Micro's public
 * entry point, because it runs before any of the application's libraries are on a class path.
 */
package com.ecsprovisioner.launch;
