package com.ecsprovisioner.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command's JSON Schema (draft-07), the file the application also serves at {@code /api/schemas/command-v1.json},
 * read from the class path once. A violation names the offending field as a JSON pointer and the schema keyword it
 * broke.
 */
public final class CommandSchema {

    public static final String ID = "https://ecs-provisioner.dev/schemas/command-v1.json";
    static final String RESOURCE = "api/schemas/command-v1.json";

    /** Keywords reported on the object that holds the field they are about (the field is their "property"). */
    private static final Set<String> ABOUT_A_MEMBER = Set.of("required", "additionalProperties", "dependencies");

    private static final CommandSchema INSTANCE = new CommandSchema();

    private final Schema schema;

    private CommandSchema() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemaRegistryConfig(config));
        try (InputStream in = CommandSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The command schema " + RESOURCE + " is not on the class path");
            }
            this.schema = registry.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CommandSchema get() {
        return INSTANCE;
    }

    /** What the command breaks first, or empty when it is valid. */
    public Optional<Violation> check(JsonNode command) {
        List<Error> errors = schema.validate(command);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error first = errors.get(0);
        String location = first.getInstanceLocation().toString();
        String field = ABOUT_A_MEMBER.contains(first.getKeyword()) && first.getProperty() != null
                ? location + "/" + first.getProperty().replace("~", "~0").replace("/", "~1")
                : location;
        return Optional.of(new Violation(field, first.getKeyword(), first.getMessage()));
    }

    /** One broken rule: the field (a JSON pointer, {@code ""} for the whole command), the keyword, the message. */
    public record Violation(String field, String rule, String message) {
    }
}
