package com.ecsprovisioner.sandbox.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Properties;

/**
 * The illustrative hourly prices DescribePrice answers from, read once from the shipped
 * {@code sandbox/prices.properties} (whose header says why they are not real prices).
 */
final class PriceTable {

    private static final Properties PRICES = load();

    private PriceTable() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = PriceTable.class.getResourceAsStream("/sandbox/prices.properties")) {
            if (in == null) {
                throw new IllegalStateException("The sandbox's price table sandbox/prices.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String currency() {
        return PRICES.getProperty("currency", "USD");
    }

    /** How much dearer a region is than the table (1 for a region it does not name). */
    static BigDecimal regionFactor(String regionId) {
        String v = PRICES.getProperty("region." + regionId);
        return v == null ? BigDecimal.ONE : new BigDecimal(v);
    }

    /** The hourly price of an instance type, or null when the table has none. */
    static BigDecimal instanceHour(String type) {
        String v = PRICES.getProperty("instance." + type);
        return v == null ? null : new BigDecimal(v);
    }

    /** The price of one GiB for an hour on a disk category, or null when the table has none. */
    static BigDecimal diskGiBHour(String category) {
        String v = PRICES.getProperty("disk." + category);
        return v == null ? null : new BigDecimal(v);
    }

    /** The hourly price of outbound bandwidth billed by bandwidth, tiered at 5 Mbit/s. */
    static BigDecimal bandwidthHour(int mbps) {
        BigDecimal low = new BigDecimal(PRICES.getProperty("bandwidth.first-5"));
        BigDecimal high = new BigDecimal(PRICES.getProperty("bandwidth.above-5"));
        return low.multiply(BigDecimal.valueOf(Math.min(5, mbps))).add(high.multiply(BigDecimal.valueOf(Math.max(0, mbps - 5))));
    }
}
