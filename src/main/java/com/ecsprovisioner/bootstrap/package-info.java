/**
 * Turning a bare Ubuntu 22.04/24.04 or Debian 12 server into a secure, WordPress-ready web server over SSH:
 * the Bash scripts (resources under {@code bootstrap/}), the settings they read ({@link
 * com.ecsprovisioner.bootstrap.BootstrapSettings}, {@link com.ecsprovisioner.bootstrap.DownloadSources} and
 * their mirror presets for mainland China), the rendering of those settings into the {@code bootstrap.env} file
 * the scripts source, and the reading of what the scripts print: the step declarations, the progress markers
 * ({@link com.ecsprovisioner.bootstrap.ProgressMarkerParser}) and the log with its secrets masked ({@link
 * com.ecsprovisioner.bootstrap.LogFollower}). The scripts run detached on the server under {@code ecs-agent.sh}
 * so that a dropped SSH connection loses nothing; the product only uploads, starts and polls, through {@link
 * com.ecsprovisioner.bootstrap.BootstrapRun}: one short SSH session (JSch, {@link
 * com.ecsprovisioner.bootstrap.SshConnection}) per engine call, with the host key pinned on first contact, to
 * any {@link com.ecsprovisioner.bootstrap.SshTarget} (an ECS instance or a custom server alike).
 * {@link com.ecsprovisioner.bootstrap.BootstrapAccess} is what a runner needs from the application (logins,
 * options, the sealed database password), implemented by {@code customservers}.
 * Boundaries: this package keeps no job state and never waits for a server; the engine's job stores what
 * it hands back (log offset, steps, pinned host key) and decides when to call again. Plain Java, no container
 * services.
 */
package com.ecsprovisioner.bootstrap;
