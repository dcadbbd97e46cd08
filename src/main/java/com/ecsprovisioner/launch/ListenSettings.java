package com.ecsprovisioner.launch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the console listens and whether Payara's data grid runs, read like {@link LaunchSettings}.
 * <ul>
 * <li>{@code ecs.http.address}: the interface the console binds to; loopback by default, so that the Quick start is
 * reachable from this machine only. A production install names the interface (or {@code 0.0.0.0}).</li>
 * <li>{@code ecs.http.public-url}: the address users type (for example {@code https://ecs.example.com}); redirects
 * name its host rather than the request's Host header. On loopback the address itself is the public host.</li>
 * <li>{@code ecs.cluster.interfaces}: empty (the default) means a single node, on which Payara's Hazelcast data grid
 * is not started at all. Payara Community's data grid has no authentication: a cluster binds it only to the
 * interfaces named here, which must be on a private network behind a firewall.</li>
 * <li>{@code ecs.cluster.members}: the other nodes' {@code address:port} (data grid port), separated by commas; found
 * by TCP instead of multicast, which many networks (and loopback) do not carry. Empty: multicast discovery.</li>
 * <li>{@code ecs.cluster.port}: the port this node's data grid listens on (Payara's default 5900, counting up when
 * taken).</li>
 * <li>{@code ecs.node.name}: the node's name in the cluster and in Payara's log; Payara Micro keeps non-persistent
 * state per name, so each node of a cluster needs its own.</li>
 * <li>{@code ecs.cluster.name}: the data grid's cluster name (Payara Micro's {@code --clustername}), required for a
 * cluster: nodes join only a cluster of the same name, so two deployments on one network, each with its own name,
 * never merge (without it every Payara Micro would join the default group). It separates, it does not protect:
 * Payara 6 has no cluster password any more (payara/Payara#5169, Hazelcast 4), anyone who knows the name can join.</li>
 * </ul>
 */
public record ListenSettings(String httpAddress, java.util.Optional<String> publicHost, List<String> clusterInterfaces,
                             List<String> clusterMembers, java.util.OptionalInt clusterPort, String nodeName,
                             String clusterName) {

    public static final String HTTP_ADDRESS = "ecs.http.address";
    public static final String PUBLIC_URL = "ecs.http.public-url";
    public static final String CLUSTER_INTERFACES = "ecs.cluster.interfaces";
    public static final String CLUSTER_MEMBERS = "ecs.cluster.members";
    public static final String CLUSTER_PORT = "ecs.cluster.port";
    public static final String NODE_NAME = "ecs.node.name";
    public static final String CLUSTER_NAME = "ecs.cluster.name";

    static final String LOOPBACK = "127.0.0.1";

    public static ListenSettings resolve(Properties systemProperties, Map<String, String> environment, int httpPort) {
        LaunchSettings.Source source = new LaunchSettings.Source(systemProperties, environment);
        String address = source.get(HTTP_ADDRESS, LOOPBACK);
        if (!address.matches("[0-9A-Za-z.:%-]+")) {
            throw new IllegalArgumentException(HTTP_ADDRESS + " must be an IP address or host name, not '" + address + "'");
        }
        String publicUrl = source.get(PUBLIC_URL, "");
        java.util.Optional<String> publicHost;
        if (publicUrl.isEmpty()) {
            // Beyond loopback, guessing the public host from the interface would send remote users to an address
            // they may not reach: then redirects follow the request's Host header, and the launcher warns.
            publicHost = isLoopback(address) ? java.util.Optional.of(address + ":" + httpPort) : java.util.Optional.empty();
        } else {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(publicUrl);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException(PUBLIC_URL + " must look like https://host[:port], not '" + publicUrl + "'");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            publicHost = java.util.Optional.of(uri.getHost() + ":" + port);
        }
        List<String> interfaces = Arrays.stream(source.get(CLUSTER_INTERFACES, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String networkInterface : interfaces) {
            if (!networkInterface.matches("[0-9*.:-]+")) {
                throw new IllegalArgumentException(CLUSTER_INTERFACES + " takes IP addresses (192.168.0.* allowed), not '"
                        + networkInterface + "'");
            }
        }
        List<String> members = Arrays.stream(source.get(CLUSTER_MEMBERS, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String member : members) {
            if (!member.matches("[0-9A-Za-z.-]+:[0-9]{1,5}")) {
                throw new IllegalArgumentException(CLUSTER_MEMBERS + " takes address:port pairs separated by commas (10.0.1.5:5900), not '"
                        + member + "'");
            }
        }
        String portText = source.get(CLUSTER_PORT, "");
        java.util.OptionalInt clusterPort = java.util.OptionalInt.empty();
        if (!portText.isEmpty()) {
            if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw new IllegalArgumentException(CLUSTER_PORT + " must be a port number between 1 and 65535, not '" + portText + "'");
            }
            clusterPort = java.util.OptionalInt.of(Integer.parseInt(portText));
        }
        String nodeName = source.get(NODE_NAME, "ecs-provisioner");
        if (!nodeName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(NODE_NAME + " takes 1 to 64 letters, digits, '.', '_' or '-', not '" + nodeName + "'");
        }
        String clusterName = source.get(CLUSTER_NAME, "");
        if (!clusterName.isEmpty() && !clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(CLUSTER_NAME + " takes 1 to 64 letters, digits, '.', '_' or '-', not '" + clusterName + "'");
        }
        if (!interfaces.isEmpty() && clusterName.isEmpty()) {
            throw new IllegalArgumentException(CLUSTER_NAME + " must be set with " + CLUSTER_INTERFACES + ": one name per "
                    + "deployment, the same on each of its nodes (ecs-prod-eu1, for example), so that no other deployment's "
                    + "nodes on the network join this one's cluster");
        }
        return new ListenSettings(address, publicHost, interfaces, members, clusterPort, nodeName, clusterName);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
    }

    public boolean clustered() {
        return !clusterInterfaces.isEmpty();
    }

    /** Payara Micro's options for the data grid: off on a single node, bound to the named interfaces in a cluster. */
    public List<String> dataGridOptions() {
        if (!clustered()) {
            return List.of("--nohazelcast");
        }
        List<String> options = new java.util.ArrayList<>(List.of("--clustername", clusterName,
                "--interfaces", String.join(",", clusterInterfaces)));
        if (!clusterMembers.isEmpty()) {
            options.addAll(List.of("--clustermode", "tcpip:" + String.join(",", clusterMembers)));
        }
        clusterPort.ifPresent(port -> options.addAll(List.of("--startport", String.valueOf(port))));
        return options;
    }
}
