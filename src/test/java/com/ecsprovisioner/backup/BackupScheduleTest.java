package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule's rules on their own: parsing in words, slots in a time zone (across a DST change), the period, retention's choice. */
class BackupScheduleTest {

    @Test
    void badInputIsRefusedInWords() {
        assertTrue(assertThrows(Rejected.class, () -> BackupSchedule.parse("", "2", 3)).getMessage().contains("day of the week"));
        assertTrue(assertThrows(Rejected.class, () -> BackupSchedule.parse("funday", "2", 3)).getMessage().contains("\"funday\""));
        assertTrue(assertThrows(Rejected.class, () -> BackupSchedule.parse("mon", "24", 3)).getMessage().contains("0 to 23"));
        assertTrue(assertThrows(Rejected.class, () -> BackupSchedule.parse("mon", "2", 0)).getMessage().contains("keeps 1 to"));
        assertTrue(assertThrows(Rejected.class, () -> ProfileBackupPolicy.zone("Mars/Olympus")).getMessage().contains("time zone"));
        assertEquals("Daily at 03:00; keeps 7", BackupSchedule.parse("daily", "3", 7).describe());
        assertEquals("UTC", ProfileBackupPolicy.zone(" ").getId(), "the default zone as a person reads it, not \"Z\"");
        assertEquals("UTC", BackupRequests.zone(Optional.empty()).getId());
        assertEquals("mon,wed", BackupSchedule.parse("Wednesday, MON", "2", 1).daysText());
    }

    @Test
    void slotsAreTheProfilesLocalHoursAcrossASummerTimeChange() {
        BackupSchedule s = BackupSchedule.parse("sun", "3", 2);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 29 March 2026: Berlin moves from UTC+1 to UTC+2 at 02:00 local; 03:00 local is 01:00 UTC.
        Instant before = Instant.parse("2026-03-28T12:00:00Z");
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), s.nextSlot(before, berlin));
        // 25 October 2026: back to UTC+1; 03:00 local is 02:00 UTC.
        assertEquals(Instant.parse("2026-10-25T02:00:00Z"), s.nextSlot(Instant.parse("2026-10-24T00:00:00Z"), berlin));
        // Missed slots are one backup owed, the latest: two Sundays passed, one slot claimed.
        assertEquals(Optional.of(Instant.parse("2026-04-05T01:00:00Z")),
                s.latestSlot(Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-04-06T00:00:00Z"), berlin));
        assertEquals(Optional.empty(), s.latestSlot(Instant.parse("2026-04-05T01:00:00Z"), Instant.parse("2026-04-06T00:00:00Z"), berlin));
        assertEquals(Duration.ofDays(7), s.period());
        assertEquals(Duration.ofHours(12), BackupSchedule.parse("daily", "2,14", 1).period());
        assertEquals(Instant.parse("2026-12-07T02:00:00Z"), BackupSchedule.parse("mon", "2", 1).nextSlot(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void retentionDeletesOnlyThePolicysOwnOldestAndNeverTheOneJustMade() {
        CloudTypes.Snapshot manual = snap("s-hand", null, "2026-01-01T00:00:00Z");
        CloudTypes.Snapshot other = snap("s-other", Map.of(BackupKinds.POLICY_TAG, "server-9", BackupKinds.SLOT_TAG, "2026-01-01T01:00:00Z"), "2026-01-01T01:00:00Z");
        CloudTypes.Snapshot a = snap("s-a", Map.of(BackupKinds.POLICY_TAG, "profile-7", BackupKinds.SLOT_TAG, "2026-01-02T01:00:00Z"), "2026-01-02T01:00:00Z");
        CloudTypes.Snapshot b = snap("s-b", Map.of(BackupKinds.POLICY_TAG, "profile-7", BackupKinds.SLOT_TAG, "2026-01-03T01:00:00Z"), "2026-01-03T01:00:00Z");
        // "Back up now" made just now for an earlier slot than b's: it is kept all the same.
        CloudTypes.Snapshot now = snap("s-now", Map.of(BackupKinds.POLICY_TAG, "profile-7", BackupKinds.SLOT_TAG, "2026-01-01T05:00:00Z"), "2026-01-04T01:00:00Z");
        List<CloudTypes.Snapshot> all = List.of(manual, other, a, b, now);
        assertEquals(List.of("s-a"), BackupProcess.beyondRetention(all, "profile-7", 2, "s-now").stream().map(CloudTypes.Snapshot::id).toList());
        assertEquals(List.of(), BackupProcess.beyondRetention(all, "profile-7", 3, "s-now"));
    }

    private static CloudTypes.Snapshot snap(String id, Map<String, String> tags, String at) {
        return new CloudTypes.Snapshot(id, id, "d-1", CloudTypes.SnapshotStatus.ACCOMPLISHED, 100, Instant.parse(at), 40, tags);
    }
}
