package com.ecsprovisioner.it.support;

import com.ecsprovisioner.security.ConsoleUser;
import com.ecsprovisioner.security.Role;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;

/** Writes and reads entities through the application's persistence unit, each call in a transaction of its own. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JpaProbe {

    @PersistenceContext
    EntityManager em;

    public long create(String username, Instant createdAt) {
        ConsoleUser user = new ConsoleUser(username, "PBKDF2WithHmacSHA512:1:AA==:AA==", Role.VIEWER, createdAt);
        em.persist(user);
        em.flush();
        return user.getId();
    }

    public ConsoleUser find(long id) {
        return em.find(ConsoleUser.class, id);
    }

    public void delete(long id) {
        em.remove(em.find(ConsoleUser.class, id));
    }

    public long countNamed(String username) {
        return em.createQuery("SELECT COUNT(u) FROM ConsoleUser u WHERE u.username = :n", Long.class)
                .setParameter("n", username).getSingleResult();
    }
}
