package com.ecsprovisioner.cost;

import com.ecsprovisioner.cloud.CloudTypes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One pay-as-you-go price as the cloud quoted it ({@code readAt}: when it was read, the cache's age), in the
 * currency the cloud reports. Bandwidth billed by traffic, as the product deploys, costs nothing per hour: its
 * traffic is billed per GB used, which no price here includes.
 */
public record PriceQuote(String currency, BigDecimal perHour, BigDecimal instanceTypePerHour,
                         BigDecimal systemDiskPerHour, BigDecimal bandwidthPerHour, Instant readAt) {

    /**
     * A month of pay-as-you-go is counted as 730 hours (8,760 a year over 12), the month DescribePrice's own
     * PriceUnit=Month counts, so that a monthly figure is the same whichever way it is asked for.
     */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    static PriceQuote of(CloudTypes.Price price, Instant readAt) {
        return new PriceQuote(price.currency(), price.perHour(), price.instanceTypePerHour(), price.systemDiskPerHour(),
                price.bandwidthPerHour(), readAt);
    }

    public BigDecimal perMonth() {
        return month(perHour);
    }

    /**
     * What still bills per month while stopped in the no-charge mode (StoppedMode=StopCharging): the computing
     * resources and the public bandwidth stop billing, the disks do not.
     */
    public BigDecimal stopChargingPerMonth() {
        return month(perHour.subtract(instanceTypePerHour).subtract(bandwidthPerHour).max(BigDecimal.ZERO));
    }

    static BigDecimal month(BigDecimal hourly) {
        return hourly.multiply(HOURS_PER_MONTH).setScale(2, RoundingMode.HALF_UP);
    }

    /** "USD 0.0287 / hour" as the cloud gave it (no rounding of the hourly amount). */
    public String hourlyText() {
        return currency + " " + perHour.stripTrailingZeros().toPlainString() + " / hour";
    }

    public String monthlyText() {
        return currency + " " + perMonth().toPlainString() + " / month";
    }
}
