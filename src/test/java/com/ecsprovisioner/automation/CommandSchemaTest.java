package com.ecsprovisioner.automation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command schema (the file served at /api/schemas/command-v1.json) accepts a command of every type with every
 * option, and each broken command is refused naming the field (a JSON pointer) and the rule (the schema keyword).
 */
class CommandSchemaTest {

    private static JsonNode json(String text) {
        CommandJson.Parsed parsed = CommandJson.parse(text.replace('\'', '"'));
        assertNull(parsed.error(), text);
        return parsed.node();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'type':'deploy','requestId':'r-1','profile':'Sandbox','serverName':'blog-1'}",
            "{'type':'deploy','requestId':'r-1','profile':7,'serverName':'blog-1','zoneId':'cn-hangzhou-h','zonePolicy':'FIRST_IN_STOCK',"
                    + "'networkPolicy':'SHARED_PER_PROFILE','instanceType':'ecs.t6-c1m1.large','imageId':'ubuntu_22_04_x64_20G_alibase',"
                    + "'diskCategory':'cloud_essd','diskSizeGiB':40,'phpVersion':'8.4'}",
            "{'type':'deploy','requestId':'r-1','profile':'Sandbox','serverName':'blog-1','phpVersion':'default'}",
            "{'type':'deploy','requestId':'r-1','profile':'Sandbox','serverName':'blog-1','regionId':'ap-southeast-1'}",
            "{'type':'deploy','requestId':'order:4711.2_a-b','profile':'7','serverName':'blog-1','zonePolicy':'FIRST_ZONE','networkPolicy':'PER_SERVER'}",
            "{'type':'delete','requestId':'r','serverId':3}",
            "{'type':'delete','requestId':'r','serverId':3,'withNetwork':true}",
            "{'type':'start','requestId':'r','serverId':3}",
            "{'type':'stop','requestId':'r','serverId':3}",
            "{'type':'reboot','requestId':'r','serverId':3}",
            "{'type':'hard-reboot','requestId':'r','serverId':3}",
            "{'type':'resize','requestId':'r','serverId':3,'instanceType':'ecs.g7.large'}",
            "{'type':'snapshot','requestId':'r','serverId':3}",
            "{'type':'snapshot','requestId':'r','serverId':3,'snapshotName':'before-upgrade'}",
            "{'type':'register-custom-server','requestId':'r','name':'byo-1','address':'198.51.100.4','user':'root','privateKey':'-----BEGIN OPENSSH PRIVATE KEY-----'}",
            "{'type':'register-custom-server','requestId':'r','name':'byo-1','address':'byo.example.com','sshPort':2222,'user':'admin','keyProfileId':5,'regionId':'cn-shanghai'}",
            "{'type':'register-custom-server','requestId':'r','name':'byo-1','address':'h','user':'u','privateKey':'k','passphrase':'p'}",
            "{'type':'retry-job','requestId':'r','jobId':9}",
            "{'type':'rollback-job','requestId':'r','jobId':9}",
            "{'type':'cancel-job','requestId':'r','jobId':9}",
            "{'type':'open-port','requestId':'r','serverId':3,'port':8080,'cidr':'203.0.113.0/24'}",
            "{'type':'close-port','requestId':'r','serverId':3,'port':80,'cidr':'0.0.0.0/0'}",
            "{'type':'repair-firewall','requestId':'r','serverId':3,'port':443,'cidr':'0.0.0.0/0','keep':false}"})
    void everyCommandTypeWithEveryOptionIsValid(String command) {
        assertEquals(Optional.empty(), CommandSchema.get().check(json(command)), command);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{'requestId':'r','serverId':3}                                              | /type            | required",
            "{'type':'start','serverId':3}                                               | /requestId       | required",
            "{'type':'explode','requestId':'r'}                                          | /type            | enum",
            "{'type':'start','requestId':'has space','serverId':3}                       | /requestId       | pattern",
            "{'type':'start','requestId':'','serverId':3}                                | /requestId       | minLength",
            "{'type':'start','requestId':7,'serverId':3}                                 | /requestId       | type",
            "{'type':'deploy','requestId':'r','serverName':'blog-1'}                     | /profile         | required",
            "{'type':'deploy','requestId':'r','profile':'Sandbox'}                       | /serverName      | required",
            "{'type':'deploy','requestId':'r','profile':'Sandbox','serverName':'1blog'}  | /serverName      | pattern",
            "{'type':'deploy','requestId':'r','profile':true,'serverName':'blog-1'}      | /profile         | type",
            "{'type':'deploy','requestId':'r','profile':0,'serverName':'blog-1'}         | /profile         | minimum",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','zonePolicy':'RANDOM'}     | /zonePolicy    | enum",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','networkPolicy':'NONE'}    | /networkPolicy | enum",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','diskSizeGiB':'40'}        | /diskSizeGiB   | type",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','diskSizeGiB':0}           | /diskSizeGiB   | minimum",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','colour':'blue'}           | /colour        | additionalProperties",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','phpVersion':'latest'}     | /phpVersion    | pattern",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','phpVersion':'8.4.1'}      | /phpVersion    | pattern",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','phpVersion':8.4}          | /phpVersion    | type",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','regionId':'CN Shanghai'}  | /regionId      | pattern",
            "{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','regionId':''}             | /regionId      | pattern",
            "{'type':'delete','requestId':'r'}                                           | /serverId        | required",
            "{'type':'delete','requestId':'r','serverId':'3'}                            | /serverId        | type",
            "{'type':'delete','requestId':'r','serverId':0}                              | /serverId        | minimum",
            "{'type':'delete','requestId':'r','serverId':3,'withNetwork':'yes'}          | /withNetwork     | type",
            "{'type':'start','requestId':'r','serverId':3,'withNetwork':true}            | /withNetwork     | additionalProperties",
            "{'type':'stop','requestId':'r','serverId':1.5}                              | /serverId        | type",
            "{'type':'reboot','requestId':'r'}                                           | /serverId        | required",
            "{'type':'hard-reboot','requestId':'r','serverId':-1}                        | /serverId        | minimum",
            "{'type':'resize','requestId':'r','serverId':3}                              | /instanceType    | required",
            "{'type':'resize','requestId':'r','serverId':3,'instanceType':''}            | /instanceType    | minLength",
            "{'type':'snapshot','requestId':'r','serverId':3,'snapshotName':'x'}         | /snapshotName    | minLength",
            "{'type':'register-custom-server','requestId':'r','name':'byo-1','user':'root'}              | /address | required",
            "{'type':'register-custom-server','requestId':'r','name':'byo-1','address':'h','user':'u','sshPort':70000} | /sshPort | maximum",
            "{'type':'register-custom-server','requestId':'r','name':'b','address':'h','user':'u'}       | /name    | pattern",
            "{'type':'retry-job','requestId':'r'}                                        | /jobId           | required",
            "{'type':'rollback-job','requestId':'r','jobId':'9'}                         | /jobId           | type",
            "{'type':'cancel-job','requestId':'r','jobId':0}                             | /jobId           | minimum",
            "{'type':'open-port','requestId':'r','serverId':3,'cidr':'0.0.0.0/0'}        | /port            | required",
            "{'type':'open-port','requestId':'r','serverId':3,'port':0,'cidr':'0.0.0.0/0'} | /port          | minimum",
            "{'type':'close-port','requestId':'r','serverId':3,'port':80}                | /cidr            | required",
            "{'type':'repair-firewall','requestId':'r','serverId':3,'port':80,'cidr':'0.0.0.0/0'} | /keep   | required"})
    void aBrokenCommandNamesTheFieldAndTheRule(String command, String field, String rule) {
        CommandSchema.Violation violation = CommandSchema.get().check(json(command)).orElseThrow(
                () -> new AssertionError("accepted: " + command));
        assertEquals(field, violation.field(), violation.toString());
        assertEquals(rule, violation.rule(), violation.toString());
        assertNotNull(violation.message());
    }

    @Test
    void aCommandThatIsNotAnObjectIsRefusedAsAWhole() {
        CommandSchema.Violation violation = CommandSchema.get().check(json("['deploy']")).orElseThrow();
        assertEquals("", violation.field());
        assertEquals("type", violation.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "deploy blog-1", "{'type':'start'", "{'type':'start'} {}", "{'a':1,'a':2}"})
    void bodiesThatAreNotOneJsonDocumentAreNotParsed(String body) {
        assertNotNull(CommandJson.parse(body.replace('\'', '"')).error(), body);
    }

    @Test
    void theSameCommandInAnotherOrderOrSpacingHasTheSameHashAndAnotherValueAnother() {
        String a = CommandJson.sha256(json("{'type':'deploy','requestId':'r','profile':'p','serverName':'b1','diskSizeGiB':40}"));
        String b = CommandJson.sha256(json("{ 'serverName' : 'b1', 'diskSizeGiB':40,\n 'profile':'p','requestId':'r','type':'deploy' }"));
        String c = CommandJson.sha256(json("{'type':'deploy','requestId':'r','profile':'p','serverName':'b2','diskSizeGiB':40}"));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(64, a.length());
    }

    @Test
    void theServedFileIsTheOneValidatedAndNamesItsVersion() throws Exception {
        String served = Files.readString(Path.of("src/main/webapp", CommandSchema.RESOURCE), StandardCharsets.UTF_8);
        try (InputStream in = CommandSchema.class.getClassLoader().getResourceAsStream(CommandSchema.RESOURCE)) {
            assertNotNull(in, "the schema is on the class path");
            assertEquals(served, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode schema = CommandJson.read(served);
        assertEquals(CommandSchema.ID, schema.get("$id").asText());
        assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema").asText());
        assertTrue(CommandSchema.ID.endsWith("-v1.json"));
    }
}
