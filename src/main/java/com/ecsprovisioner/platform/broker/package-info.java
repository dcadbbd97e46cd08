/**
 * The embedded broker's doors: who may connect (no anonymous user), what each role may do on which address, the
 * addresses declared at start-up, and the guard that refuses an oversized or malformed message before anything
 * parses it.
 */
package com.ecsprovisioner.platform.broker;
