/**
 * Custom (bring-your-own) servers, a feature beside deployment and lifecycle, and the bootstrap's access to servers in the application. An operator registers
 * an existing server by address, SSH port, user and private key (sealed with the SecretBox at once) or a provider
 * profile's key; {@link com.ecsprovisioner.customservers.CustomServers} is the boundary (admins register, test
 * SSH, bootstrap and remove; viewers list). A custom server is a {@link com.ecsprovisioner.server.Server} row
 * flagged {@code custom}, so that the Servers list, the job pages and the deployment's {@code BOOTSTRAP} step treat
 * it like an ECS server (its bootstrap-only job is made by {@code deployment.DeploymentJobs} and run by the
 * deployment's handler); its login lives here in {@link com.ecsprovisioner.customservers.CustomServer}. Its jobs
 * are bootstrap-only: no cloud account is opened for them, and cancelling one deletes nothing (the server stays
 * registered; {@code CustomServers.delete} removes it and its key).
 * {@link com.ecsprovisioner.customservers.ServerLogins} implements the engine's
 * {@link com.ecsprovisioner.bootstrap.BootstrapAccess} for every server, ECS or custom: the one place where the
 * keys used for SSH logins and the sealed MariaDB passwords are opened. It uses container services (JPA, EJB, CDI);
 * its public face is the boundary and its request type.
 */
package com.ecsprovisioner.customservers;
