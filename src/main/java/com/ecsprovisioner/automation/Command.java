package com.ecsprovisioner.automation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A command that passed the schema: its type, its request id, its members, and the hash of its canonical body (what
 * its request id is remembered by). Accessors read the members the schema guarantees for the command's type.
 */
public record Command(String type, String requestId, JsonNode body, String sha256) {

    public Command {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** A body that {@link CommandSchema} accepted. */
    static Command of(JsonNode valid) {
        return new Command(valid.get("type").asText(), valid.get("requestId").asText(), valid, CommandJson.sha256(valid));
    }

    long serverId() {
        return body.get("serverId").asLong();
    }

    long jobId() {
        return body.get("jobId").asLong();
    }

    /** The member's text, or null when the command leaves it out. */
    String text(String member) {
        JsonNode value = body.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    Integer integer(String member) {
        JsonNode value = body.get(member);
        return value == null || value.isNull() ? null : value.asInt();
    }

    Long id(String member) {
        JsonNode value = body.get(member);
        return value == null || value.isNull() ? null : value.asLong();
    }

    boolean flag(String member) {
        return body.path(member).asBoolean(false);
    }
}
