package com.ecsprovisioner.platform;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Periodic work done by one node per period in a cluster ({@link PeriodicTurn}). The database decides, as the job
 * claims do: Payara Micro does not coordinate timers across nodes, and its {@code @Clustered} singletons have been
 * seen to run twice.
 */
@Stateless
public class PeriodicTurns {

    public static final String JOB_SWEEP = "job-sweep";
    public static final String STATUS_SYNC = "status-sync";

    /** This node, for the row's holder column (what an operator sees when asking who swept last). */
    static final String NODE = "node-" + UUID.randomUUID();

    @PersistenceContext
    EntityManager em;

    /** Whether this node does {@code task} now; false when another node took this period's turn. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean take(String task, Duration period) {
        return locked(task).take(NODE, Instant.now(), period);
    }

    /** Whether this node does {@code task} now: it held the turn, or nobody has for {@code hold} ({@link PeriodicTurn#keep}). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean keep(String task, Duration hold) {
        return locked(task).keep(NODE, Instant.now(), hold);
    }

    /** Lets this node's turn of {@code task} go at once ({@link PeriodicTurn#release}): its work failed here. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(String task) {
        locked(task).release(NODE, Instant.now());
    }

    private PeriodicTurn locked(String task) {
        PeriodicTurn turn = em.find(PeriodicTurn.class, task, LockModeType.PESSIMISTIC_WRITE);
        if (turn == null) {
            throw new IllegalStateException("The periodic turn of " + task + " is missing (migration V23)");
        }
        return turn;
    }
}
