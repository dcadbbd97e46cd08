package com.ecsprovisioner.backup;

import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.security.Requester;
import jakarta.ejb.SessionContext;
import jakarta.persistence.EntityManager;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The backup boundary outside the container, for setting and reading policies (no cloud, no engine): on a test's
 * entity manager, with its audit trail writing there too, the container's caller {@code alice}.
 */
public final class TestBackups {

    private TestBackups() {
    }

    /** {@code clientAddress}: the console request's (null: none, as for a command). */
    public static Backups on(EntityManager em, Requester requester, String clientAddress) {
        Backups backups = new Backups();
        backups.em = em;
        backups.requester = requester;
        backups.clock = Clock.fixed(Instant.parse("2026-12-05T02:00:00Z"), ZoneOffset.UTC);
        Principal alice = () -> "alice";
        backups.context = (SessionContext) Proxy.newProxyInstance(TestBackups.class.getClassLoader(),
                new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? alice : null);
        backups.audit = AuditTrails.on(em, clientAddress);
        return backups;
    }
}
