package com.ecsprovisioner.automation;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An outbox row as a CloudEvents 1.0 event in structured mode (the JSON event is the message body) plus the message
 * properties that let a subscriber filter with a selector. CloudEvents has no JMS binding; its AMQP binding names the
 * properties {@code cloudEvents_<attribute>} (the underscore, because a JMS selector cannot use the colon), and a
 * structured JSON event in a text message is the shape every client can read (shared notes, "Message formats").
 * Built with Jakarta JSON-P, which the platform provides: the event has ten attributes, and the CloudEvents SDK would
 * bring Jackson into the WAR for them.
 */
public final class CloudEventsFormat {

    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/ecs-provisioner";
    public static final String DATA_SCHEMA = "https://ecs-provisioner.dev/schemas/event-v1.json";
    public static final String CONTENT_TYPE = "application/json";
    /** Prefix of the message properties that repeat attributes (CloudEvents AMQP binding, 3.1.3.1). */
    public static final String PROPERTY_PREFIX = "cloudEvents_";

    private CloudEventsFormat() {
    }

    /** The event as JSON: the required attributes, the optional ones that have a value, the extensions, the data. */
    public static String body(RelayedEvent e) {
        JsonObjectBuilder event = Json.createObjectBuilder()
                .add("specversion", SPEC_VERSION)
                .add("id", Long.toString(e.id()))
                .add("source", SOURCE)
                .add("type", e.type());
        if (e.subject() != null) {
            event.add("subject", e.subject());
        }
        event.add("time", DateTimeFormatter.ISO_INSTANT.format(e.createdAt()))
                .add("datacontenttype", CONTENT_TYPE)
                .add("dataschema", DATA_SCHEMA);
        if (e.requestId() != null) {
            event.add("requestid", e.requestId());
        }
        if (e.jobId() != null) {
            event.add("sequence", Long.toString(e.sequenceNo()));
        }
        try (JsonReader data = Json.createReader(new StringReader(e.data()))) {
            event.add("data", data.readObject());
        }
        return event.build().toString();
    }

    /** The message properties, each only when it has a value (a selector tests a missing one with IS NULL). */
    public static Map<String, String> properties(RelayedEvent e) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PROPERTY_PREFIX + "type", e.type());
        p.put(PROPERTY_PREFIX + "id", Long.toString(e.id()));
        if (e.subject() != null) {
            p.put(PROPERTY_PREFIX + "subject", e.subject());
        }
        if (e.requestId() != null) {
            p.put(PROPERTY_PREFIX + "requestid", e.requestId());
        }
        if (e.jobId() != null) {
            p.put(PROPERTY_PREFIX + "sequence", Long.toString(e.sequenceNo()));
        }
        return p;
    }

    /** Reads a body back (tests and subscribers written in Java). */
    public static JsonObject parse(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
