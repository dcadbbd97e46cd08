/**
 * Runs the sandbox inside the application when sandbox mode is on (the Quick start default), so that one process
 * holds the console and the cloud it talks to; and offers its inspection and reset to the console. The sandbox
 * itself stays plain Java in the packages above, startable without any application server.
 */
package com.ecsprovisioner.sandbox.embedded;
