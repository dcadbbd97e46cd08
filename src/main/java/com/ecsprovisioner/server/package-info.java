/**
 * The servers the product deploys and runs, and their lifecycle: a {@link com.ecsprovisioner.server.Server} exists
 * from the moment it is requested and changes status only through its verbs (requested, provisioning,
 * bootstrapping, active, stopping, stopped, starting, rebooting, resizing, deleting, deleted, failed, unreachable);
 * an illegal transition throws, and every change is kept in the status history. {@link
 * com.ecsprovisioner.server.ServerAction} says from which statuses a person may start, stop, reboot, resize,
 * snapshot or delete a server; {@link com.ecsprovisioner.server.CloudStatusMapping} is the one function from what the
 * cloud says about an instance to a status, which {@code Server.observe} applies for the status sync (with the time
 * a change made outside the product was noticed). This package knows what a server is, not how it gets created:
 * {@code provisioning} drives the jobs and calls the verbs here; the cloud is reached only through the {@code cloud}
 * port. A server also keeps what outlives one bootstrap: its pinned SSH host key (changed only when an operator
 * accepts a rebuilt server), its MariaDB root password (sealed) and the component versions found; a custom
 * (bring-your-own) server is a server row flagged {@code custom}, with no cloud resources.
 */
package com.ecsprovisioner.server;
