package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global grace periods and a profile's own: instances are never deleted by themselves unless turned on. */
class CleanupSettingsTest {

    @Test
    void byDefaultNetworkOrphansGoAfterAWeekAndInstancesNever() {
        CleanupSettings defaults = CleanupSettings.defaults();
        assertEquals(Optional.of(Duration.ofDays(7)), defaults.networkGrace());
        assertEquals(Optional.empty(), defaults.instanceGrace());
        assertEquals(Optional.empty(), GracePeriods.global().forKind(ResourceKind.INSTANCE, defaults));
        assertEquals(Optional.of(Duration.ofDays(7)), GracePeriods.global().forKind(ResourceKind.VSWITCH, defaults));
    }

    @Test
    void settingsAndAProfilesOwnPeriodsAreRead() {
        Map<String, String> config = Map.of("ecs.cleanup.grace.network", "off", "ecs.cleanup.grace.instance", "P2D",
                "ecs.cleanup.look-every", "PT1M");
        CleanupSettings settings = CleanupSettings.from(key -> Optional.ofNullable(config.get(key)));
        assertEquals(Optional.empty(), settings.networkGrace());
        assertEquals(Optional.of(Duration.ofDays(2)), settings.instanceGrace());
        assertEquals(Duration.ofMinutes(1), settings.lookEvery());
        GracePeriods own = GracePeriods.of(30, GracePeriods.OFF);
        assertEquals(Optional.of(Duration.ofMinutes(30)), own.forKind(ResourceKind.VPC, settings));
        assertEquals(Optional.empty(), own.forKind(ResourceKind.INSTANCE, settings));
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CleanupSettings.from(key -> key.endsWith("grace.instance") ? Optional.of("a week") : Optional.empty()));
        assertTrue(bad.getMessage().contains("ecs.cleanup.grace.instance"), bad.getMessage());
        assertThrows(Rejected.class, () -> GracePeriods.of(-5, null));
    }
}
