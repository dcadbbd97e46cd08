package com.ecsprovisioner.console;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The zone a browser names in its tz cookie, and UTC for anything that names none. */
class ViewerZoneTest {

    @Test
    void aZoneIdIsTheViewersZone() {
        assertEquals(ZoneId.of("Pacific/Auckland"), ViewerZone.parse("Pacific/Auckland"));
    }

    @Test
    void nothingOrNonsenseIsUtc() {
        assertEquals(ZoneOffset.UTC, ViewerZone.parse(null));
        assertEquals(ZoneOffset.UTC, ViewerZone.parse(""));
        assertEquals(ZoneOffset.UTC, ViewerZone.parse("Mars/Olympus_Mons"));
        assertEquals(ZoneOffset.UTC, ViewerZone.parse("../../etc/passwd"));
    }
}
