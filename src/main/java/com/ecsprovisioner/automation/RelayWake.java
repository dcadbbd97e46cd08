package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.Outbox;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Wakes the relay once a transaction that appended events has committed (never for one that rolled back), on a
 * thread of its own: the committing thread (a job's write-back, a command) does not wait for the broker. Wakes that
 * come while one is queued are merged into it; a wake that comes while the relay runs makes it look once more.
 */
@ApplicationScoped
public class RelayWake {

    @EJB
    EventRelay relay;

    void appended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended appended) {
        if (relay.claimWake()) {
            relay.wake();
        }
    }
}
