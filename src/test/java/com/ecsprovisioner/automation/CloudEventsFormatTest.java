package com.ecsprovisioner.automation;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An outbox row as a CloudEvents 1.0 structured event and its message properties (README, Automation interface). */
class CloudEventsFormatTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123Z");

    @Test
    void aJobsEventCarriesEveryAttributeItsSequenceAndRequestIdAndItsDataAsAnObject() {
        RelayedEvent row = new RelayedEvent(9001, 42L, 7, "com.ecsprovisioner.job.step.finished.v1", "42", "order-17",
                "{\"jobId\":42,\"step\":\"vpc\",\"durationMs\":1500}", null, null, AT);
        JsonObject event = CloudEventsFormat.parse(CloudEventsFormat.body(row));
        assertEquals("1.0", event.getString("specversion"));
        assertEquals("9001", event.getString("id"));
        assertEquals("/ecs-provisioner", event.getString("source"));
        assertEquals("com.ecsprovisioner.job.step.finished.v1", event.getString("type"));
        assertEquals("42", event.getString("subject"));
        assertEquals("2026-12-04T10:15:30.123Z", event.getString("time"));
        assertEquals("application/json", event.getString("datacontenttype"));
        assertEquals("https://ecs-provisioner.dev/schemas/event-v1.json", event.getString("dataschema"));
        assertEquals("order-17", event.getString("requestid"));
        assertEquals("7", event.getString("sequence"), "an extension attribute is a string");
        assertEquals(1500, event.getJsonObject("data").getInt("durationMs"));
        assertEquals(Map.of("cloudEvents_type", "com.ecsprovisioner.job.step.finished.v1", "cloudEvents_id", "9001",
                "cloudEvents_subject", "42", "cloudEvents_requestid", "order-17", "cloudEvents_sequence", "7"),
                CloudEventsFormat.properties(row));
    }

    @Test
    void anEventAboutNoJobHasNoSubjectSequenceOrRequestId() {
        RelayedEvent row = new RelayedEvent(5, null, 0, "com.ecsprovisioner.server.status.changed.v1", null, null,
                "{\"serverId\":3,\"from\":\"active\",\"to\":\"stopped\"}", null, null, AT);
        JsonObject event = CloudEventsFormat.parse(CloudEventsFormat.body(row));
        assertFalse(event.containsKey("subject"));
        assertFalse(event.containsKey("sequence"));
        assertFalse(event.containsKey("requestid"));
        assertEquals("stopped", event.getJsonObject("data").getString("to"));
        assertEquals(Map.of("cloudEvents_type", "com.ecsprovisioner.server.status.changed.v1", "cloudEvents_id", "5"),
                CloudEventsFormat.properties(row));
    }
}
