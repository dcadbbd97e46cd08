package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenSettingsTest {

    private static Properties props(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void theQuickStartListensOnLoopbackWithoutADataGrid() {
        ListenSettings listen = ListenSettings.resolve(props(), Map.of(), 8080);
        assertEquals("127.0.0.1", listen.httpAddress());
        assertEquals("127.0.0.1:8080", listen.publicHost().orElseThrow());
        assertEquals(List.of("--nohazelcast"), listen.dataGridOptions());
        List<String> preBoot = PostBootCommands.preBoot(listen);
        assertTrue(preBoot.stream().anyMatch(c -> c.endsWith("network-listener.http-listener.address=127.0.0.1")), preBoot.toString());
        assertTrue(preBoot.stream().anyMatch(c -> c.endsWith("virtual-server.server.sso-enabled=false")), preBoot.toString());
    }

    @Test
    void productionBindsWhereTheOperatorSaysAndRedirectsNameThePublicHost() {
        ListenSettings listen = ListenSettings.resolve(props("ecs.http.address", "0.0.0.0",
                "ecs.http.public-url", "https://ecs.example.com"), Map.of("ECS_CLUSTER_INTERFACES", "10.1.0.*, 10.2.0.5",
                "ECS_CLUSTER_NAME", "ecs-prod"), 8080);
        assertEquals("0.0.0.0", listen.httpAddress());
        assertEquals("ecs.example.com:443", listen.publicHost().orElseThrow());
        assertTrue(PostBootCommands.preBoot(listen).contains(
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.server-name=ecs.example.com:443"));
        assertEquals(List.of("--clustername", "ecs-prod", "--interfaces", "10.1.0.*,10.2.0.5"), listen.dataGridOptions());
    }

    @Test
    void aClusterNodeFindsTheNamedMembersByTcpOnItsOwnPortUnderItsOwnName() {
        ListenSettings listen = ListenSettings.resolve(props(), Map.of("ECS_CLUSTER_INTERFACES", "10.0.1.5",
                "ECS_CLUSTER_MEMBERS", "10.0.1.5:5900, 10.0.1.6:5900", "ECS_CLUSTER_PORT", "5900", "ECS_NODE_NAME", "node-a",
                "ECS_CLUSTER_NAME", "ecs-eu1"), 8080);
        assertEquals(List.of("--clustername", "ecs-eu1", "--interfaces", "10.0.1.5", "--clustermode", "tcpip:10.0.1.5:5900,10.0.1.6:5900",
                "--startport", "5900"), listen.dataGridOptions());
        assertEquals("node-a", listen.nodeName());
        assertEquals("ecs-provisioner", ListenSettings.resolve(props(), Map.of(), 8080).nodeName());
    }

    @Test
    void aClusterWithoutANameIsRefusedSoThatItCannotJoinAnotherDeployment() {
        String message = assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(props(),
                Map.of("ECS_CLUSTER_INTERFACES", "10.0.1.5"), 8080)).getMessage();
        assertTrue(message.contains("ecs.cluster.name must be set with ecs.cluster.interfaces"), message);
        assertEquals(List.of("--nohazelcast"), ListenSettings.resolve(props("ecs.cluster.name", "ecs-eu1"), Map.of(), 8080)
                .dataGridOptions(), "a name alone starts no data grid");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(props("ecs.cluster.name",
                "a --nocluster"), Map.of(), 8080)).getMessage().contains("ecs.cluster.name"));
    }

    @Test
    void badValuesAreRefusedWithTheKeyNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.cluster.members", "10.0.1.6"), Map.of(), 8080)).getMessage().contains("ecs.cluster.members"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.cluster.port", "70000"), Map.of(), 8080)).getMessage().contains("ecs.cluster.port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.node.name", "a b"), Map.of(), 8080)).getMessage().contains("ecs.node.name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.http.address", "127.0.0.1 --nohazelcast"), Map.of(), 8080)).getMessage().contains("ecs.http.address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.http.public-url", "ecs.example.com"), Map.of(), 8080)).getMessage().contains("ecs.http.public-url"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ListenSettings.resolve(
                props("ecs.cluster.interfaces", "eth0"), Map.of(), 8080)).getMessage().contains("ecs.cluster.interfaces"));
        ListenSettings unsaid = ListenSettings.resolve(props("ecs.http.address", "0.0.0.0"), Map.of(), 8080);
        assertTrue(unsaid.publicHost().isEmpty(), "beyond loopback, the public host is not guessed");
    }
}
