package com.ecsprovisioner.firewall;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a person's firewall request into a job, or refuses it with a sentence that says why: another job runs on the
 * server, the server is not active (its ufw answers only then), a custom server has no security group, the server
 * still uses a security group shared with other servers (a rule there would open the port on them too), or the
 * change would close SSH to the address the product logs in from. Plain Java: the boundary ({@link Firewall}) and
 * the tests call the same code.
 */
public final class FirewallRequests {

    /** Where a change applies: both places (an open or close), or one place (a repair of drift). */
    public enum Where {
        BOTH, CLOUD, SERVER
    }

    /** A job to persist, and the change to persist with it once the job has its id. */
    record Planned(Job job, boolean opening, FirewallRule rule, boolean inCloud, boolean onServer) {
        FirewallChange change(long serverId, Instant now) {
            return new FirewallChange(job.getId(), serverId, opening, rule, inCloud, onServer, now);
        }
    }

    /**
     * What the product knows of the server's surroundings when it is asked.
     *
     * @param sharedGroup    the server's security group is the profile's shared one (a server made before each had its own)
     * @param sshPort        the port the product logs in on
     * @param productAddress the address the product's SSH connections come from, when configured
     *                       ({@code ecs.firewall.product-address}); empty when unknown
     * @param open           the rules open now in every place the change touches (another SSH rule that lets the
     *                       product in makes closing this one safe)
     */
    record Context(boolean sharedGroup, int sshPort, Optional<String> productAddress, Collection<FirewallRule> open) {
    }

    private FirewallRequests() {
    }

    /** Why no firewall change can be asked now (empty when it can): a job running, a status other than active. */
    public static Optional<String> refusal(Server server, Collection<Job> jobsOfServer) {
        Optional<Job> active = jobsOfServer.stream().filter(j -> j.getState().isActive()).findFirst();
        if (active.isPresent()) {
            return Optional.of("A " + active.get().getKind().label().toLowerCase() + " job (" + active.get().getId()
                    + ") is running on server " + server.getName() + ": wait until it finishes");
        }
        if (server.getStatus() != ServerStatus.ACTIVE) {
            return Optional.of("Server " + server.getName() + " is " + server.getStatus().dbName()
                    + ": its firewall can be changed only while it is active");
        }
        return Optional.empty();
    }

    static Planned request(long serverId, Server server, Collection<Job> jobsOfServer, boolean opening, FirewallRule rule,
                           Where where, Context context, String requestedBy, Instant now) {
        Objects.requireNonNull(rule, "rule");
        Optional<String> refusal = refusal(server, jobsOfServer);
        if (refusal.isPresent()) {
            throw new Rejected(refusal.get());
        }
        if (server.isCustom() && where == Where.CLOUD) {
            throw new Rejected("Server " + server.getName() + " is a custom server: it has no security group, only ufw");
        }
        boolean inCloud = !server.isCustom() && where != Where.SERVER;
        boolean onServer = where != Where.CLOUD;
        if (inCloud && context.sharedGroup()) {
            throw new Rejected("Server " + server.getName() + " uses its profile's shared security group " + server.getSecurityGroupId()
                    + " (made before each server had its own): a rule there would open or close the port on every server in it."
                    + " Change ufw on the server only, or redeploy the server to give it a group of its own");
        }
        if (!opening && rule.port() == context.sshPort()) {
            lockout(server, rule, context);
        }
        return new Planned(FirewallKinds.create(serverId, server, opening, rule, inCloud, onServer, requestedBy, now),
                opening, rule, inCloud, onServer);
    }

    /** Closing SSH to a range the product logs in from would lock the product out of the server: refused. */
    private static void lockout(Server server, FirewallRule rule, Context context) {
        String ssh = "SSH (port " + context.sshPort() + ")";
        if (context.productAddress().isPresent()) {
            String address = context.productAddress().get();
            boolean anotherLetsIn = context.open().stream().anyMatch(r -> !r.equals(rule) && r.port() == rule.port() && r.covers(address));
            if (rule.covers(address) && !anotherLetsIn) {
                throw new Rejected("Closing " + ssh + " to " + rule.cidr() + " on server " + server.getName() + " is refused: the product"
                        + " logs in over SSH from " + address + ", which that range includes, and would lock itself out."
                        + " Open SSH to a narrower range that includes " + address + " first, or leave it open");
            }
        } else if (rule.isEveryone()) {
            throw new Rejected("Closing " + ssh + " to everyone (0.0.0.0/0) on server " + server.getName() + " is refused: the"
                    + " product logs in over SSH and would lock itself out. Set ecs.firewall.product-address to the address the"
                    + " product connects from to close SSH to everyone else");
        }
    }
}
