package com.ecsprovisioner.sandbox.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A sandbox host's {@code ufw}: a rule set that {@code ufw status [numbered|verbose]} prints the way ufw does and
 * that {@code ufw allow|deny|reject|limit}, {@code ufw delete}, {@code ufw enable|disable} and {@code ufw default}
 * change, so that firewall changes made over SSH can be checked end to end. It filters nothing: the sandbox's
 * hosts have no packet filter; security groups stay the cloud's filter. Thread-safe (one lock per host).
 */
final class Ufw {

    private static final Pattern PORTS = Pattern.compile("\\d{1,5}(:\\d{1,5})?(,\\d{1,5}(:\\d{1,5})?)*(/(tcp|udp))?");
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");

    /** One rule as ufw lists it: {@code to} is the port spec or "Anywhere", {@code from} an address or "Anywhere". */
    record Rule(String action, String to, String from, boolean v6) {
        String toColumn() {
            return to + (v6 ? " (v6)" : "");
        }

        String fromColumn() {
            return from + (v6 && from.equals("Anywhere") ? " (v6)" : "");
        }

        /** How {@code ufw delete N} names the rule it deletes. */
        String asCommand() {
            String a = action.toLowerCase(Locale.ROOT);
            if (from.equals("Anywhere")) {
                return a + " " + to + (v6 ? " (v6)" : "");
            }
            return a + " from " + from + (to.equals("Anywhere") ? "" : " to any port " + to);
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private boolean active;
    private String incoming = "deny";
    private String outgoing = "allow";

    /** The rule set as it is now, for a copy of the disk (a real host keeps it in /etc/ufw). */
    synchronized Ufw copy() {
        Ufw c = new Ufw();
        c.rules.addAll(rules);
        c.active = active;
        c.incoming = incoming;
        c.outgoing = outgoing;
        return c;
    }

    /** Puts back a copied rule set (a disk restored from a snapshot). */
    synchronized void restore(Ufw from) {
        Ufw copy = from.copy();
        rules.clear();
        rules.addAll(copy.rules);
        active = copy.active;
        incoming = copy.incoming;
        outgoing = copy.outgoing;
    }

    synchronized ExecResult run(List<String> args) {
        List<String> a = new ArrayList<>(args);
        boolean force = a.remove("--force");
        if (a.isEmpty()) {
            return usage();
        }
        String command = a.get(0);
        List<String> rest = a.subList(1, a.size());
        return switch (command) {
            case "status" -> status(rest);
            case "enable" -> enable(force);
            case "disable" -> {
                active = false;
                yield ExecResult.of("Firewall stopped and disabled on system startup\n", "", 0);
            }
            case "default" -> defaults(rest);
            case "allow", "deny", "reject", "limit" -> add(command, rest);
            case "delete" -> delete(rest, force);
            default -> usage();
        };
    }

    private static ExecResult usage() {
        return ExecResult.of("", "ERROR: Invalid syntax\n\nUsage: ufw COMMAND\n", 1);
    }

    private ExecResult enable(boolean force) {
        if (!force) {
            // ufw asks first; an SSH exec has no terminal to answer on, so it reads "no".
            return ExecResult.of("Command may disrupt existing ssh connections. Proceed with operation (y|n)? Aborted\n", "", 0);
        }
        active = true;
        return ExecResult.of("Firewall is active and enabled on system startup\n", "", 0);
    }

    private ExecResult defaults(List<String> rest) {
        if (rest.size() != 2 || !List.of("allow", "deny", "reject").contains(rest.get(0))
                || !List.of("incoming", "outgoing").contains(rest.get(1))) {
            return usage();
        }
        if (rest.get(1).equals("incoming")) {
            incoming = rest.get(0);
        } else {
            outgoing = rest.get(0);
        }
        return ExecResult.of("Default " + rest.get(1) + " policy changed to '" + rest.get(0) + "'\n"
                + "(be sure to update your rules accordingly)\n", "", 0);
    }

    private ExecResult status(List<String> rest) {
        if (!active) {
            return ExecResult.of("Status: inactive\n", "", 0);
        }
        boolean numbered = rest.contains("numbered");
        boolean verbose = rest.contains("verbose");
        StringBuilder out = new StringBuilder("Status: active\n");
        if (verbose) {
            out.append("Logging: on (low)\n").append("Default: ").append(incoming).append(" (incoming), ")
                    .append(outgoing).append(" (outgoing), disabled (routed)\n").append("New profiles: skip\n");
        }
        if (!rules.isEmpty()) {
            String indent = numbered ? "     " : "";
            out.append('\n').append(indent).append(String.format("%-26s %-11s %s%n", "To", "Action", "From"))
                    .append(indent).append(String.format("%-26s %-11s %s%n", "--", "------", "----"));
            List<Rule> ordered = ordered();
            for (int n = 0; n < ordered.size(); n++) {
                Rule r = ordered.get(n);
                String action = r.action() + (numbered || verbose ? " IN" : "");
                out.append(numbered ? String.format("[%2d] ", n + 1) : "")
                        .append(String.format("%-26s %-11s %s", r.toColumn(), action, r.fromColumn()).stripTrailing())
                        .append('\n');
            }
            out.append('\n');
        }
        return ExecResult.of(out.toString(), "", 0);
    }

    /** ufw lists the IPv4 rules first, then the IPv6 ones, each in the order added. */
    private List<Rule> ordered() {
        List<Rule> out = new ArrayList<>(rules.stream().filter(r -> !r.v6()).toList());
        out.addAll(rules.stream().filter(Rule::v6).toList());
        return out;
    }

    /** The rules (v4, and v6 when from anywhere) that a rule command names, or null with the error in {@code why}. */
    private static List<Rule> parse(String verb, List<String> rest, StringBuilder why) {
        String action = verb.toUpperCase(Locale.ROOT);
        if (rest.size() == 1 && PORTS.matcher(rest.get(0)).matches()) {
            return List.of(new Rule(action, rest.get(0), "Anywhere", false), new Rule(action, rest.get(0), "Anywhere", true));
        }
        // from ADDR [to any port PORT [proto PROTO]]
        if (rest.size() >= 2 && rest.get(0).equals("from") && (ADDRESS.matcher(rest.get(1)).matches() || rest.get(1).equals("any"))) {
            String from = rest.get(1).equals("any") ? "Anywhere" : rest.get(1);
            String to = "Anywhere";
            List<String> tail = rest.subList(2, rest.size());
            if (!tail.isEmpty()) {
                if (tail.size() < 4 || !tail.get(0).equals("to") || !tail.get(1).equals("any") || !tail.get(2).equals("port")
                        || !PORTS.matcher(tail.get(3)).matches() || tail.get(3).contains("/")) {
                    why.append("ERROR: Invalid syntax\n");
                    return null;
                }
                to = tail.get(3);
                if (tail.size() == 6 && tail.get(4).equals("proto") && List.of("tcp", "udp").contains(tail.get(5))) {
                    to += "/" + tail.get(5);
                } else if (tail.size() != 4) {
                    why.append("ERROR: Invalid syntax\n");
                    return null;
                }
            }
            if (from.equals("Anywhere")) {
                return List.of(new Rule(action, to, from, false), new Rule(action, to, from, true));
            }
            return List.of(new Rule(action, to, from, false));
        }
        if (rest.size() == 1) {
            why.append("ERROR: Could not find a profile matching '").append(rest.get(0)).append("'\n");
        } else {
            why.append("ERROR: Invalid syntax\n");
        }
        return null;
    }

    private ExecResult add(String verb, List<String> rest) {
        StringBuilder why = new StringBuilder();
        List<Rule> named = parse(verb, rest, why);
        if (named == null) {
            return ExecResult.of("", why.toString(), 1);
        }
        StringBuilder out = new StringBuilder();
        for (Rule r : named) {
            String suffix = r.v6() ? " (v6)" : "";
            boolean replaced = rules.removeIf(x -> x.to().equals(r.to()) && x.from().equals(r.from()) && x.v6() == r.v6()
                    && !x.action().equals(r.action()));
            if (!replaced && rules.contains(r)) {
                out.append("Skipping adding existing rule").append(suffix).append('\n');
                continue;
            }
            rules.add(r);
            out.append(replaced ? "Rule updated" : "Rules updated").append(suffix).append('\n');
        }
        return ExecResult.of(out.toString(), "", 0);
    }

    private ExecResult delete(List<String> rest, boolean force) {
        if (rest.size() == 1 && rest.get(0).matches("\\d+")) {
            int n = Integer.parseInt(rest.get(0));
            List<Rule> ordered = ordered();
            if (n < 1 || n > ordered.size()) {
                return ExecResult.of("", "ERROR: Could not find rule '" + n + "'\n", 1);
            }
            Rule r = ordered.get(n - 1);
            if (!force) {
                return ExecResult.of("Deleting:\n " + r.asCommand() + "\nProceed with operation (y|n)? Aborted\n", "", 0);
            }
            rules.remove(r);
            return ExecResult.of("Rule deleted" + (r.v6() ? " (v6)" : "") + "\n", "", 0);
        }
        if (rest.isEmpty() || !List.of("allow", "deny", "reject", "limit").contains(rest.get(0))) {
            return usage();
        }
        StringBuilder why = new StringBuilder();
        List<Rule> named = parse(rest.get(0), rest.subList(1, rest.size()), why);
        if (named == null) {
            return ExecResult.of("", why.toString(), 1);
        }
        StringBuilder out = new StringBuilder();
        for (Rule r : named) {
            String suffix = r.v6() ? " (v6)" : "";
            out.append(rules.remove(r) ? "Rules updated" : "Could not delete non-existent rule").append(suffix).append('\n');
        }
        return ExecResult.of(out.toString(), "", 0);
    }
}
