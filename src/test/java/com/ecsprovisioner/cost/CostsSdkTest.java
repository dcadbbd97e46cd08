package com.ecsprovisioner.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prices with the real SDK v1 against the sandbox, as the cost boundary turns them into amounts: per hour as the
 * cloud quotes them, per month at 730 hours, what still bills when stopped without charge, which instance types may
 * stop that way, and the words shown when the cloud does not answer.
 */
class CostsSdkTest {

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CloudRegion start(SandboxConfig.Builder config, Duration readTimeout) {
        sandbox = Sandbox.start(config.durations(Durations.IMMEDIATE).build());
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals("sandbox-read-only")).findFirst()
                .orElseThrow();
        return new AlibabaCloud(Duration.ofSeconds(2), readTimeout).region(new CloudConnection(k.id(), k.secret(),
                "cn-hangzhou", Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    private static CloudTypes.PriceQuery query(String type) {
        return new CloudTypes.PriceQuery(type, "cloud_essd", 40, 5, CloudTypes.BandwidthBilling.BY_TRAFFIC);
    }

    @Test
    void aQuoteIsTheCloudsHourlyPriceAndItsMonthOf730Hours() {
        CloudRegion region = start(SandboxConfig.builder(), Duration.ofSeconds(5));
        Instant readAt = Instant.parse("2026-12-04T10:00:00Z");
        PriceQuote q = PriceQuote.of(region.price(query("ecs.c7.large")), readAt);
        assertEquals("USD", q.currency(), "the currency the cloud reports");
        // The sandbox's table: 0.084 an hour for ecs.c7.large, 0.0002 per GiB-hour of cloud_essd (40 GiB: 0.008).
        assertEquals(0, new BigDecimal("0.092").compareTo(q.perHour()), q.toString());
        assertEquals(new BigDecimal("67.16"), q.perMonth());
        assertEquals("USD 0.092 / hour", q.hourlyText());
        assertEquals("USD 67.16 / month", q.monthlyText());
        // Stopped without charge only the disk bills: 0.008 x 730.
        assertEquals(new BigDecimal("5.84"), q.stopChargingPerMonth());
        assertEquals(0, BigDecimal.ZERO.compareTo(q.bandwidthPerHour()), "bandwidth billed by traffic has no hourly price");

        PriceQuote larger = PriceQuote.of(region.price(query("ecs.c7.xlarge")), readAt);
        assertTrue(larger.perMonth().compareTo(q.perMonth()) > 0, "a resize up costs more: " + larger);
    }

    @Test
    void aServerShowsWhatItCostsRunningAndStoppedInEitherMode() {
        CloudRegion region = start(SandboxConfig.builder(), Duration.ofSeconds(5));
        CloudTypes.InstanceType t6 = region.instanceTypes().stream().filter(t -> t.id().equals("ecs.t6-c1m1.large"))
                .findFirst().orElseThrow();
        assertTrue(t6.supportsStopCharging(), "a type without local disks may stop without charge: " + t6);
        assertFalse(new CloudTypes.InstanceType("ecs.i4.large", "ecs.i4", 2, 16, "local_nvme_ssd").supportsStopCharging());

        PriceQuote q = PriceQuote.of(region.price(query("ecs.t6-c1m1.large")), Instant.now());
        ServerCost cost = new ServerCost(1, "blog", true, q, t6.supportsStopCharging(), null);
        assertEquals(q.perMonth(), cost.keepChargingPerMonth(), "stopped keeping charges everything bills");
        assertEquals(new BigDecimal("5.84"), cost.stopChargingPerMonth());
        assertTrue(cost.text().startsWith("Running: USD 24.09 / month (USD 0.033 / hour). Stopped: USD 5.84 / month stopped without charge"),
                cost.text());

        ServerCost localDisks = new ServerCost(2, "db", false, q, false, null);
        assertNull(localDisks.stopChargingPerMonth());
        assertTrue(localDisks.text().contains("cannot stop without charge (it has local disks)"), localDisks.text());
        assertTrue(new ServerCost(3, "x", false, q, null, null).text().contains("could not be read"));
    }

    @Test
    void aFleetTotalsPerCurrencyAndSaysWhatItLeftOut() {
        FleetCost fleet = new FleetCost(1, "agency", List.of(new FleetCost.Total("USD", new BigDecimal("91.25"))), 3, 2,
                Instant.now(), List.of("price unavailable: The specified InstanceType does not exist."));
        assertEquals("USD 91.25 / month for 2 of 3 servers (price unavailable: The specified InstanceType does not exist.)",
                fleet.text());
        assertEquals("USD 91.25 / month for 1 server", new FleetCost(1, "agency",
                List.of(new FleetCost.Total("USD", new BigDecimal("91.25"))), 1, 1, Instant.now(), List.of()).text());
        assertEquals("no servers billing", new FleetCost(1, "a", List.of(), 0, 0, null, List.of()).text());
    }

    @Test
    void aCloudThatRefusesOrDoesNotAnswerMakesThePriceUnavailableWithTheReason() {
        CloudRegion slow = start(SandboxConfig.builder().fault("DescribePrice", FaultRule.parse("latency=3000")),
                Duration.ofMillis(800));
        CloudException timeout = assertThrows(CloudException.class, () -> slow.price(query("ecs.c7.large")));
        String shown = Prices.unavailable(1, timeout).getMessage();
        assertTrue(shown.startsWith("price unavailable: "), shown);
        assertTrue(shown.contains("could not be reached for DescribePrice") && shown.contains("SDK.ReadTimeout"), shown);
    }

    @Test
    void aPriceTheCloudRefusesIsUnavailableWithItsCode() {
        CloudRegion region = start(SandboxConfig.builder(), Duration.ofSeconds(5));
        CloudException unknown = assertThrows(CloudException.class, () -> region.price(query("ecs.nope.large")));
        String shown = Prices.unavailable(1, unknown).getMessage();
        assertTrue(shown.startsWith("price unavailable: ") && shown.contains("(cloud error code: InvalidInstanceType.ValueNotSupported, request id: "),
                shown);
    }
}
