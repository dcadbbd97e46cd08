package com.ecsprovisioner.deployment;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.bootstrap.HostKeyPin;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.server.Server;
import jakarta.ejb.SessionContext;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Accepting a server's new host key is in the audit trail: who, from where, and the fingerprint that was pinned. */
class HostKeyAuditTest {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnohXTUUfXuOB9hVBLHApw2a2YpJD61UF19I5kqAARQ";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void acceptingANewHostKeyIsRecordedWithThePinnedFingerprint() {
        db.open();
        EntityManager em = db.createEntityManager();
        Instant t = Instant.now();
        em.getTransaction().begin();
        Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        server.pinHostKey(KEY, t);
        em.persist(server);
        em.getTransaction().commit();

        Deployments boundary = new Deployments();
        boundary.em = em;
        boundary.requester = new Requester();
        Principal bob = () -> "bob";
        boundary.context = (SessionContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? bob : null);
        boundary.audit = AuditTrails.on(em, "198.51.100.20");
        em.getTransaction().begin();
        boundary.acceptNewHostKey(server.getId());
        em.getTransaction().commit();

        assertNull(em.find(Server.class, server.getId()).getHostKey());
        AuditRecord accepted = AuditTrails.only(em, AuditAction.HOST_KEY_ACCEPTED);
        assertEquals("bob", accepted.getActor());
        assertEquals(Origin.CONSOLE, accepted.getOrigin());
        assertEquals("198.51.100.20", accepted.getClientAddress());
        assertEquals("server 'web-1' (" + server.getId() + ")", accepted.getSubject());
        assertEquals("pinnedHostKey: '" + HostKeyPin.parse(KEY).fingerprint() + "' → '(none: the next connection pins the key it sees)'",
                accepted.getChanges());
        em.close();
    }
}
