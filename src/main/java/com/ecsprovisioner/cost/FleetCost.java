package com.ecsprovisioner.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The monthly total of a profile's servers as they are now (stopped ones at what they still bill in the default
 * stop mode), per currency the cloud reports. {@code readAt}: when the oldest price it uses was read (the total is
 * as old as that); {@code problems}: prices that could not be read, whose servers the total leaves out.
 */
public record FleetCost(long profileId, String profileName, List<Total> totals, long servers, long priced,
                        Instant readAt, List<String> problems) {

    public record Total(String currency, BigDecimal perMonth) {
        public String text() {
            return currency + " " + perMonth.toPlainString() + " / month";
        }
    }

    public boolean isComplete() {
        return problems.isEmpty();
    }

    public String text() {
        if (servers == 0) {
            return "no servers billing";
        }
        if (totals.isEmpty()) {
            return problems.get(0);
        }
        String sum = String.join(" + ", totals.stream().map(Total::text).toList());
        return sum + (priced < servers ? " for " + priced + " of " + servers + " servers (" + problems.get(0) + ")"
                : " for " + servers + " server" + (servers == 1 ? "" : "s"));
    }
}
