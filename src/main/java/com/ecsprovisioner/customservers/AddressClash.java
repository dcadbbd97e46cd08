package com.ecsprovisioner.customservers;

import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.util.Collection;
import java.util.Locale;

/**
 * A custom server may not be registered at the address of a server this product deployed: both entries would run
 * jobs on the same machine (a bootstrap over a managed server's installation, a delete of one that leaves the other
 * pointing at nothing). Addresses compare as a person writes them: case, brackets around IPv6 and a trailing dot
 * of a host name do not make another address.
 */
final class AddressClash {

    private AddressClash() {
    }

    /** Refuses {@code address} when one of {@code servers} is a managed, not deleted server at that address. */
    static void refuseManaged(String address, Collection<Server> servers) {
        String wanted = normalised(address);
        servers.stream()
                .filter(s -> !s.isCustom() && s.getStatus() != ServerStatus.DELETED && s.getPublicIp() != null)
                .filter(s -> normalised(s.getPublicIp()).equals(wanted))
                .findFirst()
                .ifPresent(s -> {
                    throw new Rejected("Address " + address.strip() + " is server " + s.getName()
                            + "'s, which this console deployed and manages: open it under Servers instead of adding it"
                            + " as a custom server");
                });
    }

    static String normalised(String address) {
        String a = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
    }
}
