package com.ecsprovisioner.firewall;

import com.ecsprovisioner.platform.Rejected;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ufw status} printed, in the product's words: whether ufw is active, and its ALLOW rules that are the
 * product's shape (TCP, or both protocols, to one port, from an IPv4 address or range). Rules of other shapes (a
 * port range, UDP only, DENY, an interface) are the server owner's and are left out. The IPv6 twin of a rule from
 * anywhere ("(v6)") is the same rule to the product: ufw adds and deletes both together.
 */
record UfwStatus(boolean active, List<FirewallRule> rules) {

    /** "To  Action  From" columns, two or more spaces apart; the action may say "IN". */
    private static final Pattern LINE = Pattern.compile("^(?:\\[\\s*\\d+\\]\\s*)?(\\S+(?: \\(v6\\))?)\\s{2,}(ALLOW(?: IN)?)\\s{2,}(\\S+(?: \\(v6\\))?)\\s*$");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/tcp)?");

    static UfwStatus parse(String output) {
        boolean active = false;
        List<FirewallRule> rules = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.stripTrailing();
            if (line.toLowerCase(Locale.ROOT).startsWith("status:")) {
                active = line.toLowerCase(Locale.ROOT).contains("active") && !line.toLowerCase(Locale.ROOT).contains("inactive");
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || m.group(1).endsWith("(v6)")) {
                continue;
            }
            Matcher port = PORT.matcher(m.group(1));
            if (!port.matches()) {
                continue;
            }
            String from = m.group(3);
            try {
                FirewallRule rule = FirewallRule.of(Integer.parseInt(port.group(1)), from.equals("Anywhere") ? FirewallRule.EVERYONE : from);
                if (!rules.contains(rule)) {
                    rules.add(rule);
                }
            } catch (Rejected notOurs) {
                // An IPv6 source or a port out of range: not a rule the product words.
            }
        }
        return new UfwStatus(active, List.copyOf(rules));
    }

    Optional<FirewallRule> find(FirewallRule rule) {
        return rules.stream().filter(rule::equals).findFirst();
    }
}
