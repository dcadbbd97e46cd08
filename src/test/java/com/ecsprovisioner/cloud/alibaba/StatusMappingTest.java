package com.ecsprovisioner.cloud.alibaba;

import com.ecsprovisioner.cloud.CloudTypes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.NetworkStatus;
import com.ecsprovisioner.cloud.CloudTypes.SnapshotStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every documented status word (reference §4.1, §4.2) and the total fallback. */
class StatusMappingTest {

    @Test
    void everyInstanceStatus() {
        assertEquals(InstanceState.PENDING, StatusMapping.instanceState("Pending"));
        assertEquals(InstanceState.STARTING, StatusMapping.instanceState("Starting"));
        assertEquals(InstanceState.RUNNING, StatusMapping.instanceState("Running"));
        assertEquals(InstanceState.STOPPING, StatusMapping.instanceState("Stopping"));
        assertEquals(InstanceState.STOPPED, StatusMapping.instanceState("Stopped"));
        assertEquals(InstanceState.UNRECOGNIZED, StatusMapping.instanceState("Expired"));
        assertEquals(InstanceState.UNRECOGNIZED, StatusMapping.instanceState(""));
        assertEquals(InstanceState.UNRECOGNIZED, StatusMapping.instanceState(null));
    }

    @Test
    void everyVpcAndVSwitchStatus() {
        assertEquals(NetworkStatus.PENDING, StatusMapping.networkStatus("Pending"));
        assertEquals(NetworkStatus.AVAILABLE, StatusMapping.networkStatus("Available"));
        assertEquals(NetworkStatus.PENDING, StatusMapping.networkStatus("Creating"));
        assertEquals(NetworkStatus.AVAILABLE, StatusMapping.networkStatus("Created"));
        assertEquals(NetworkStatus.UNRECOGNIZED, StatusMapping.networkStatus("Deleting"));
        assertEquals(NetworkStatus.UNRECOGNIZED, StatusMapping.networkStatus(null));
    }

    @Test
    void everySnapshotStatus() {
        assertEquals(SnapshotStatus.PROGRESSING, StatusMapping.snapshotStatus("progressing"));
        assertEquals(SnapshotStatus.ACCOMPLISHED, StatusMapping.snapshotStatus("accomplished"));
        assertEquals(SnapshotStatus.FAILED, StatusMapping.snapshotStatus("failed"));
        assertEquals(SnapshotStatus.UNRECOGNIZED, StatusMapping.snapshotStatus("all"));
        assertEquals(SnapshotStatus.UNRECOGNIZED, StatusMapping.snapshotStatus(null));
    }

    @Test
    void everyImageStatus() {
        assertEquals(CloudTypes.ImageStatus.CREATING, StatusMapping.imageStatus("Creating"));
        assertEquals(CloudTypes.ImageStatus.CREATING, StatusMapping.imageStatus("Waiting"));
        assertEquals(CloudTypes.ImageStatus.AVAILABLE, StatusMapping.imageStatus("Available"));
        assertEquals(CloudTypes.ImageStatus.FAILED, StatusMapping.imageStatus("CreateFailed"));
        assertEquals(CloudTypes.ImageStatus.UNAVAILABLE, StatusMapping.imageStatus("UnAvailable"));
        assertEquals(CloudTypes.ImageStatus.UNAVAILABLE, StatusMapping.imageStatus("Deprecated"));
        assertEquals(CloudTypes.ImageStatus.UNAVAILABLE, StatusMapping.imageStatus("Something new"));
        assertEquals(CloudTypes.ImageStatus.UNAVAILABLE, StatusMapping.imageStatus(null));
    }

    @Test
    void mainlandChinaIsCnExceptHongKong() {
        assertTrue(StatusMapping.mainlandChina("cn-hangzhou"));
        assertTrue(StatusMapping.mainlandChina("cn-beijing"));
        assertFalse(StatusMapping.mainlandChina("cn-hongkong"));
        assertFalse(StatusMapping.mainlandChina("ap-southeast-1"));
        assertFalse(StatusMapping.mainlandChina(null));
    }

    @Test
    void progressAndTimes() {
        assertEquals(100, StatusMapping.percent("100%"));
        assertEquals(45, StatusMapping.percent("45"));
        assertEquals(0, StatusMapping.percent("n/a"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), StatusMapping.time("2024-01-01T00:00Z"));
        assertEquals(Instant.parse("2018-04-18T15:02:37Z"), StatusMapping.time("2018-04-18T15:02:37Z"));
        assertNull(StatusMapping.time("yesterday"));
        assertNull(StatusMapping.time(""));
    }
}
