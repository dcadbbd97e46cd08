package com.ecsprovisioner.console;

import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.cost.FleetCost;
import com.ecsprovisioner.cost.PriceQuote;
import jakarta.ejb.EJBException;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prices as the pages show them. A price that cannot be read becomes "price unavailable: reason" in its place, so
 * that a cloud that refuses or does not answer never breaks the page around it.
 */
final class CostText {

    private static final Logger LOG = Logger.getLogger(CostText.class.getName());
    private static final String UNAVAILABLE = "price unavailable: ";

    private CostText() {
    }

    static String quote(Supplier<PriceQuote> read) {
        return shown(() -> describe(read.get()));
    }

    static String resize(Supplier<Costs.Resize> read) {
        return shown(() -> {
            Costs.Resize r = read.get();
            String sign = r.monthlyChange().signum() > 0 ? "+" : "";
            return "Before: " + r.before().monthlyText() + " (" + r.before().hourlyText() + "). After: "
                    + r.after().monthlyText() + " (" + r.after().hourlyText() + "), " + sign
                    + r.monthlyChange().toPlainString() + " " + r.after().currency() + " a month.";
        });
    }

    /** "USD 48.62 / month for 2 servers, prices read 3 min ago", or why there is no total. */
    static String fleet(Supplier<FleetCost> read) {
        return shown(() -> {
            FleetCost f = read.get();
            return f.text() + (f.readAt() == null ? "" : ", prices read " + new Ago().of(f.readAt()));
        });
    }

    static String describe(PriceQuote q) {
        return q.monthlyText() + " · " + q.hourlyText() + " (instance type " + plain(q.instanceTypePerHour())
                + ", system disk " + plain(q.systemDiskPerHour()) + " an hour; bandwidth billed by traffic, per GB used, "
                + "not included)";
    }

    private static String plain(java.math.BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** The text, or the reason the price is unavailable (a failure of ours is logged and named as such). */
    static String shown(Supplier<String> text) {
        try {
            return text.get();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause instanceof EJBException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IllegalArgumentException) {
                String message = ConsoleText.neutralised(ConsoleText.excerpt(cause.getMessage()));
                return message.startsWith(UNAVAILABLE) ? message : UNAVAILABLE + message;
            }
            LOG.log(Level.WARNING, "A price could not be shown", e);
            return UNAVAILABLE + "the console could not read it (see the log)";
        }
    }
}
