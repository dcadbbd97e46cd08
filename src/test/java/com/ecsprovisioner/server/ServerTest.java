package com.ecsprovisioner.server;

import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static com.ecsprovisioner.server.ServerStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every verb in every status: the legal ones move to their status and leave a history row, the rest throw. */
class ServerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    /** How to bring a new server into each status, through legal verbs only. */
    private static final Map<ServerStatus, List<Consumer<Server>>> PATHS = new EnumMap<>(ServerStatus.class);

    static {
        Consumer<Server> provision = s -> s.startProvisioning(T0);
        Consumer<Server> reachable = s -> s.markSshReachable("127.0.0.9", "192.168.0.9", T0);
        Consumer<Server> active = s -> s.markActive(T0);
        Consumer<Server> stop = s -> s.stop(T0);
        Consumer<Server> stopped = s -> s.markStopped(T0);
        PATHS.put(REQUESTED, List.of());
        PATHS.put(PROVISIONING, List.of(provision));
        PATHS.put(BOOTSTRAPPING, List.of(provision, reachable));
        PATHS.put(ACTIVE, List.of(provision, reachable, active));
        PATHS.put(UNREACHABLE, List.of(provision, reachable, active, s -> s.markUnreachable("no answer", T0)));
        PATHS.put(STOPPING, List.of(provision, reachable, active, stop));
        PATHS.put(STOPPED, List.of(provision, reachable, active, stop, stopped));
        PATHS.put(STARTING, List.of(provision, reachable, active, stop, stopped, s -> s.start(T0)));
        PATHS.put(REBOOTING, List.of(provision, reachable, active, s -> s.reboot(T0)));
        PATHS.put(RESIZING, List.of(provision, reachable, active, stop, stopped, s -> s.resize("ecs.g7.large", T0)));
        PATHS.put(DELETING, List.of(s -> s.delete("gone", T0)));
        PATHS.put(DELETED, List.of(s -> s.delete("gone", T0), s -> s.markDeleted(T0)));
        PATHS.put(FAILED, List.of(s -> s.fail("broken", T0)));
    }

    private record Verb(Consumer<Server> action, ServerStatus to, Set<ServerStatus> from) {
    }

    private static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("startProvisioning", new Verb(s -> s.startProvisioning(T0), PROVISIONING, EnumSet.of(REQUESTED, FAILED)));
        VERBS.put("markSshReachable", new Verb(s -> s.markSshReachable("127.0.0.9", null, T0), BOOTSTRAPPING, EnumSet.of(PROVISIONING)));
        VERBS.put("markActive", new Verb(s -> s.markActive(T0), ACTIVE, EnumSet.of(BOOTSTRAPPING, STARTING, REBOOTING, RESIZING, UNREACHABLE)));
        VERBS.put("markUnreachable", new Verb(s -> s.markUnreachable("x", T0), UNREACHABLE, EnumSet.of(ACTIVE)));
        VERBS.put("stop", new Verb(s -> s.stop(T0), STOPPING, EnumSet.of(ACTIVE, UNREACHABLE, FAILED)));
        VERBS.put("markStopped", new Verb(s -> s.markStopped(T0), STOPPED, EnumSet.of(STOPPING, RESIZING)));
        VERBS.put("start", new Verb(s -> s.start(T0), STARTING, EnumSet.of(STOPPED, FAILED)));
        VERBS.put("reboot", new Verb(s -> s.reboot(T0), REBOOTING, EnumSet.of(ACTIVE, UNREACHABLE, FAILED)));
        VERBS.put("resize", new Verb(s -> s.resize("ecs.g7.large", T0), RESIZING, EnumSet.of(ACTIVE, UNREACHABLE, STOPPED, FAILED)));
        VERBS.put("fail", new Verb(s -> s.fail("x", T0), FAILED, EnumSet.of(REQUESTED, PROVISIONING, BOOTSTRAPPING,
                STARTING, STOPPING, REBOOTING, RESIZING, DELETING)));
        VERBS.put("delete", new Verb(s -> s.delete("x", T0), DELETING, EnumSet.complementOf(EnumSet.of(DELETING, DELETED))));
        VERBS.put("markDeleted", new Verb(s -> s.markDeleted(T0), DELETED, EnumSet.of(DELETING)));
    }

    private static Server in(ServerStatus status) {
        Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu_22_04_x64_20G_alibase_20240101.vhd", T0);
        PATHS.get(status).forEach(step -> step.accept(server));
        assertEquals(status, server.getStatus(), "path to " + status);
        return server;
    }

    @Test
    void everyPathReachesItsStatus() {
        assertEquals(EnumSet.allOf(ServerStatus.class), PATHS.keySet());
    }

    @Test
    void everyVerbInEveryStatus() {
        int legal = 0;
        int illegal = 0;
        for (ServerStatus from : ServerStatus.values()) {
            for (Map.Entry<String, Verb> verb : VERBS.entrySet()) {
                Server server = in(from);
                int historyBefore = server.getHistory().size();
                if (verb.getValue().from().contains(from)) {
                    verb.getValue().action().accept(server);
                    assertEquals(verb.getValue().to(), server.getStatus(), verb.getKey() + " from " + from);
                    assertEquals(historyBefore + 1, server.getHistory().size());
                    ServerStatusChange last = server.getHistory().get(server.getHistory().size() - 1);
                    assertEquals(from, last.getFrom());
                    assertEquals(verb.getValue().to(), last.getTo());
                    legal++;
                } else {
                    IllegalTransition e = assertThrows(IllegalTransition.class, () -> verb.getValue().action().accept(server),
                            verb.getKey() + " from " + from + " should be refused");
                    assertEquals(from, server.getStatus(), "a refused verb changed the status");
                    assertEquals(historyBefore, server.getHistory().size());
                    assertTrue(e.getMessage().contains("web-1"), e.getMessage());
                    illegal++;
                }
            }
        }
        assertEquals(ServerStatus.values().length * VERBS.size(), legal + illegal);
        assertTrue(legal > 20 && illegal > 100, legal + " legal, " + illegal + " illegal");
    }

    @Test
    void recordsNetworkInstanceAndAddressesOnlyWhileProvisioning() {
        Server server = in(PROVISIONING);
        server.placeIn("cn-hangzhou-h", T0);
        server.useNetwork("vpc-1", "vsw-1", "sg-1", T0);
        server.recordInstance("i-1", T0);
        server.recordAddresses("127.0.0.5", "192.168.0.5", T0);
        assertEquals("cn-hangzhou-h", server.getZoneId());
        assertEquals("vsw-1", server.getVSwitchId());
        assertEquals("i-1", server.getInstanceId());
        assertEquals("127.0.0.5", server.getPublicIp());
        Server active = in(ACTIVE);
        assertThrows(IllegalTransition.class, () -> active.recordInstance("i-2", T0));
        assertThrows(IllegalTransition.class, () -> active.placeIn("cn-hangzhou-i", T0));
    }

    @Test
    void aNewServerStartsRequestedWithHistory() {
        Server server = in(REQUESTED);
        assertEquals(1, server.getHistory().size());
        assertEquals(null, server.getHistory().get(0).getFrom());
        assertEquals(REQUESTED, server.getHistory().get(0).getTo());
    }

    @Test
    void namesThatCannotBeHostNamesAreRefused() {
        for (String bad : new String[]{null, "", "a", "1abc", "web_1", "web 1", "x".repeat(65), "wéb"}) {
            Rejected e = assertThrows(Rejected.class, () -> Server.requireValidName(bad), String.valueOf(bad));
            assertTrue(e.getMessage().startsWith("A server name is"), e.getMessage());
        }
        assertEquals("Web-01", Server.requireValidName("Web-01"));
    }

    @Test
    void statusesHaveStableDatabaseNames() {
        for (ServerStatus s : ServerStatus.values()) {
            assertEquals(s, ServerStatus.fromDbName(s.dbName()));
            assertEquals(s, new ServerStatus.Column().convertToEntityAttribute(new ServerStatus.Column().convertToDatabaseColumn(s)));
        }
        assertEquals("bootstrapping", BOOTSTRAPPING.dbName());
    }
}
