package com.ecsprovisioner.automation;

import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** The boundary the console reads refused commands through: admins only, since a body may say more than a viewer should see. */
@Stateless
public class RejectedCommands {

    @PersistenceContext
    EntityManager em;

    /** The most recent refused commands, newest first. */
    @RolesAllowed(Role.ADMIN_NAME)
    public List<RejectedCommand> newest(int max) {
        return em.createNamedQuery("RejectedCommand.newest", RejectedCommand.class)
                .setMaxResults(Math.max(1, Math.min(max, 500))).getResultList();
    }
}
