/**
 * The sandbox's SSH hosts: every running sandbox instance with a public address answers real SSH (Apache MINA SSHD)
 * at that 127.x.y.z address, accepts only the public key of the key pair it was created with, takes uploads over
 * SFTP and {@code scp -t}, and runs commands in simulation. Nothing here ever executes anything on the machine the
 * sandbox runs on: each instance gets a {@link com.ecsprovisioner.sandbox.ssh.SimulatedMachine} with an in-memory
 * file system and a small command interpreter (not a shell: {@code CommandInterpreter} runs the command line,
 * {@code BasicCommands} and {@code FileCommands} are the programs it knows), and the product's bootstrap ({@code ecs-agent.sh
 * start|status|log}) is answered by a timeline derived from the uploaded scripts' {@code ecs_step} declarations and
 * the clock, so a run needs no thread of its own and outlives the SSH session that started it.
 * <p>
 * Boundaries: the cloud state (which instance holds which address, whether it answers, its key and OS) belongs to
 * {@code com.ecsprovisioner.sandbox} and is only read through {@link com.ecsprovisioner.sandbox.SandboxHostDirectory},
 * asked at connection time because instance states advance with the clock and are never pushed. The only entry
 * point for other code is {@link com.ecsprovisioner.sandbox.ssh.SandboxSshHosts}; everything else is package-private
 * detail. Plain Java, no Jakarta EE API, so that tests and the application can start it the same way.
 */
package com.ecsprovisioner.sandbox.ssh;
