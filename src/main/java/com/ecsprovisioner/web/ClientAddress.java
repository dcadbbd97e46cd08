package com.ecsprovisioner.web;

import java.util.List;
import java.util.Set;

/**
 * The address of the client behind a request, and whether it came over HTTPS. The peer's own address counts,
 * unless the peer is a trusted proxy: then the right-most address of {@code X-Forwarded-For} that is not itself a
 * trusted proxy does (addresses further left were written by the client and prove nothing).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(String peer, List<String> forwardedFor, Set<String> trustedProxies) {
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String client = peer;
        List<String> hops = forwardedFor.stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            client = hops.get(i);
            if (!trustedProxies.contains(client)) {
                return client;
            }
        }
        return client;
    }

    /** HTTPS when the connection itself is, or when a trusted proxy says the client's was. */
    public static boolean isHttps(boolean secureConnection, String peer, String forwardedProto, Set<String> trustedProxies) {
        return secureConnection || (trustedProxies.contains(peer) && "https".equalsIgnoreCase(forwardedProto == null ? "" : forwardedProto.trim()));
    }
}
