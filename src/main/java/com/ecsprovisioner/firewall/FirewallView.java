package com.ecsprovisioner.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where each firewall rule of a server stands, in the security group and in ufw on the server, as read just now: the
 * rules found in either place, each with its state in both. A rule in one place and not the other is drift (changed
 * outside the product, or a change that failed half way): the page offers to add it where it is missing, or to
 * remove it where it is. A place that could not be read says why instead of pretending the rule is absent.
 *
 * @param cloudNote   why the security group was not read (a custom server has none; the cloud refused), or null
 * @param serverNote  why ufw was not read (SSH did not answer...), or null
 * @param ufwActive   whether ufw filters at all (an inactive ufw lets everything through, whatever its rules)
 * @param sshPort     the port the product logs in on (named SSH; closing it to the product's address is refused)
 */
public record FirewallView(String serverName, List<Row> rows, String cloudNote, String serverNote, boolean ufwActive, int sshPort) {

    /** A rule's state in one place. */
    public enum Place {
        PRESENT, ABSENT,
        /** The place does not exist for this server (a custom server has no security group). */
        NONE,
        /** The place could not be read now. */
        UNKNOWN;

        public String label() {
            return switch (this) {
                case PRESENT -> "open";
                case ABSENT -> "missing";
                case NONE -> "—";
                case UNKNOWN -> "unknown";
            };
        }
    }

    /** One rule: its name ("SSH"), and its state in the cloud and on the server. */
    public record Row(FirewallRule rule, String name, Place cloud, Place server) {
        /** Open in one place and missing in the other. */
        public boolean isDrift() {
            return (cloud == Place.PRESENT && server == Place.ABSENT) || (cloud == Place.ABSENT && server == Place.PRESENT);
        }

        public int getPort() {
            return rule.port();
        }

        public String getCidr() {
            return rule.cidr();
        }

        /** Where a repair that keeps the rule adds it: "security group" or "server". */
        public String missingFrom() {
            return cloud == Place.ABSENT ? "security group" : "server";
        }

        public String presentIn() {
            return cloud == Place.PRESENT ? "security group" : "server";
        }
    }

    static FirewallView of(String serverName, List<FirewallRule> cloudRules, String cloudNote, boolean noCloud,
                           UfwStatus ufw, String serverNote, int sshPort) {
        TreeSet<FirewallRule> all = new TreeSet<>();
        if (cloudRules != null) {
            all.addAll(cloudRules);
        }
        if (ufw != null) {
            all.addAll(ufw.rules());
        }
        List<Row> rows = new ArrayList<>();
        for (FirewallRule r : all) {
            Place cloud = noCloud ? Place.NONE : cloudRules == null ? Place.UNKNOWN : cloudRules.contains(r) ? Place.PRESENT : Place.ABSENT;
            Place server = ufw == null ? Place.UNKNOWN : ufw.rules().contains(r) ? Place.PRESENT : Place.ABSENT;
            rows.add(new Row(r, r.name(sshPort), cloud, server));
        }
        return new FirewallView(serverName, List.copyOf(rows), cloudNote, serverNote, ufw != null && ufw.active(), sshPort);
    }

    public List<Row> drift() {
        return rows.stream().filter(Row::isDrift).toList();
    }

    public List<Row> getRows() {
        return rows;
    }
}
