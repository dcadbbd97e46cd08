package com.ecsprovisioner.firewall;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.firewall.FirewallRequests.Where;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a server's firewall in both places and answers the questions asked of that reading: where a repair goes,
 * which rules stay open. Plain Java: the boundary and the tests read the same way.
 */
final class FirewallLooks {

    private FirewallLooks() {
    }

    /** The security group (unless the server has none) and ufw, read now; a place that cannot be read says why. */
    static FirewallView read(Server server, Supplier<CloudRegion> cloud, HostFirewall host, int sshPort) {
        List<FirewallRule> cloudRules = null;
        String cloudNote = null;
        if (server.isCustom()) {
            cloudNote = "A custom server has no security group: its firewall is ufw only";
        } else if (server.getSecurityGroupId() == null) {
            cloudNote = "The server has no security group yet";
        } else {
            try {
                cloudRules = cloud.get().ingressRules(server.getSecurityGroupId()).stream().flatMap(r -> asRule(r).stream()).toList();
            } catch (CloudException | Rejected e) {
                cloudNote = "The security group could not be read: " + e.getMessage();
            }
        }
        UfwStatus ufw = null;
        String serverNote = null;
        HostFirewall.Answer answer = host.read(server);
        if (answer instanceof HostFirewall.Status s) {
            ufw = s.status();
        } else if (answer instanceof HostFirewall.Unreachable u) {
            serverNote = "ufw could not be read: SSH did not answer (" + u.message() + ")";
        } else if (answer instanceof HostFirewall.Refused r) {
            serverNote = "ufw could not be read: " + r.message();
        }
        return FirewallView.of(server.getName(), cloudRules, cloudNote, server.isCustom(), ufw, serverNote, sshPort);
    }

    /** A group rule for one port from an IPv4 range; other shapes (a port range) are not the product's. */
    private static Optional<FirewallRule> asRule(CloudTypes.IngressRule r) {
        if (r.fromPort() != r.toPort()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FirewallRule.of(r.fromPort(), r.sourceCidr()));
        } catch (Rejected notIpv4) {
            return Optional.empty();
        }
    }

    /**
     * Where a repair of a drifted rule goes: keeping it adds it where it is missing, not keeping it removes it where it
     * is open. Refused when the rule is not drifted in this reading.
     */
    static Where repairPlace(FirewallView view, FirewallRule rule, boolean keep) {
        FirewallView.Row row = view.rows().stream().filter(r -> r.rule().equals(rule) && r.isDrift()).findFirst()
                .orElseThrow(() -> new Rejected(rule + " is not drifted on server " + view.serverName()
                        + " now: it is open in both places or in neither (reload the page)"));
        boolean missingInCloud = row.cloud() == FirewallView.Place.ABSENT;
        return keep == missingInCloud ? Where.CLOUD : Where.SERVER;
    }

    /** The rules open in every place a change touches. */
    static List<FirewallRule> openEverywhere(FirewallView view, Where where) {
        return view.rows().stream().filter(r -> (where == Where.SERVER || r.cloud() == FirewallView.Place.PRESENT)
                && (where == Where.CLOUD || r.server() == FirewallView.Place.PRESENT)).map(FirewallView.Row::rule).toList();
    }
}
