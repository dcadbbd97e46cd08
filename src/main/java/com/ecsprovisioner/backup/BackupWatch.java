package com.ecsprovisioner.backup;

import com.ecsprovisioner.platform.PeriodicTurns;
import com.ecsprovisioner.platform.SkipTicksUntilStarted;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once a minute: the "due backups" check. The timer is not persistent and decides nothing: the database holds each
 * server's last claimed slot, so a tick lost to a restart is made up by the next one (the latest owed slot is made
 * once). With several nodes every node's timer fires and the first to take the minute's turn ({@link PeriodicTurns})
 * checks; each claim also locks its server's record, so even two checks at once make one job per slot.
 */
@Singleton
@Interceptors(SkipTicksUntilStarted.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BackupWatch {

    private static final Logger LOG = Logger.getLogger(BackupWatch.class.getName());

    static final String TURN = "backup-due";
    private static final Duration PERIOD = Duration.ofMinutes(1);

    @EJB
    BackupClaims claims;

    @EJB
    PeriodicTurns turns;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(second = "10", minute = "*", hour = "*", persistent = false, info = "due backups")
    void check() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!turns.take(TURN, PERIOD)) {
                return;
            }
            for (long serverId : claims.covered()) {
                try {
                    claims.startIfDue(serverId).ifPresent(job -> LOG.info(() -> "Backup job " + job + " started for server " + serverId));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The due backup of server " + serverId + " was not started; the next check tries again", e);
                }
            }
            claims.settle();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The due-backups check failed; the next one tries again", e);
        } finally {
            running.set(false);
        }
    }
}
