package com.ecsprovisioner.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a command's body, and the canonical form its request is remembered by: members sorted by name at every
 * level, no white space, so that the same command sent with its members in another order or spacing is the same
 * request (and a changed value a different one).
 */
final class CommandJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CommandJson() {
    }

    /** The body as JSON, or the parser's reason why it is not. */
    static Parsed parse(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, "the body is empty");
            }
            return new Parsed(node, null);
        } catch (JsonProcessingException e) {
            return new Parsed(null, e.getOriginalMessage());
        }
    }

    record Parsed(JsonNode node, String error) {
    }

    /** SHA-256, in hex, of the command in canonical JSON. */
    static String sha256(JsonNode command) {
        try {
            String canonical = MAPPER.writeValueAsString(MAPPER.convertValue(command, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A parsed command cannot be written again", e);
        }
    }

    /** The command's requestId when the body has one as a string (a rejection names it when it can). */
    static Optional<String> requestId(JsonNode command) {
        if (command != null && command.path("requestId").isTextual()) {
            String id = command.get("requestId").asText();
            return id.length() <= 100 ? Optional.of(id) : Optional.empty();
        }
        return Optional.empty();
    }

    /** An event's data: the members in the order given, nulls kept (a reader sees every member of the format). */
    static String data(Map<String, ?> members) {
        ObjectNode node = MAPPER.createObjectNode();
        members.forEach((k, v) -> node.set(k, MAPPER.valueToTree(v)));
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not JSON: " + e.getOriginalMessage(), e);
        }
    }

}
