package com.ecsprovisioner.cost;

import java.math.BigDecimal;

/**
 * What one server costs per month while running and while stopped. Stopped in the cloud's default mode
 * (KeepCharging, how the product stops servers unless the account turned on economical mode) it bills as if
 * running; stopped in the no-charge mode (StopCharging) only its disks bill, if its instance type allows that mode
 * ({@code stopCharging} null: whether it does could not be read). {@code problem} instead of a price when the
 * price is unavailable.
 */
public record ServerCost(long serverId, String serverName, boolean stopped, PriceQuote price, Boolean stopCharging,
                         String problem) {

    static ServerCost unavailable(long serverId, String serverName, boolean stopped, String problem) {
        return new ServerCost(serverId, serverName, stopped, null, null, problem);
    }

    public boolean isPriced() {
        return price != null;
    }

    public BigDecimal runningPerMonth() {
        return price.perMonth();
    }

    /** Stopped keeping its charges (KeepCharging): everything still bills. */
    public BigDecimal keepChargingPerMonth() {
        return price.perMonth();
    }

    /** Stopped without charge (StopCharging), or null when the instance type cannot (or may not) stop that way. */
    public BigDecimal stopChargingPerMonth() {
        return Boolean.TRUE.equals(stopCharging) ? price.stopChargingPerMonth() : null;
    }

    public String text() {
        if (price == null) {
            return problem;
        }
        String c = price.currency() + " ";
        String stoppedText = Boolean.TRUE.equals(stopCharging)
                ? c + stopChargingPerMonth().toPlainString() + " / month stopped without charge (StopCharging: only its disks bill), "
                        + c + keepChargingPerMonth().toPlainString() + " stopped keeping charges (KeepCharging)"
                : c + keepChargingPerMonth().toPlainString() + " / month stopped: "
                        + (stopCharging == null ? "whether its instance type can stop without charge could not be read"
                        : "its instance type cannot stop without charge (it has local disks)");
        return "Running: " + price.monthlyText() + " (" + price.hourlyText() + "). Stopped: " + stoppedText + ".";
    }
}
