package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.Outbox;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes the relay once a transaction that appended events has committed (never for one that rolled back), on a
 * thread of its own: the committing thread (a job's write-back, a command) does not wait for the broker. Wakes that
 * come while one is queued are merged into it; a wake that comes while the relay runs makes it look once more.
 * <p>
 * The observer runs while the committed transaction is still bound to the thread, so it calls no synchronous EJB
 * method: the container would suspend that transaction around the call and fail to resume it (Payara throws
 * {@code InvalidTransactionException} from the call's end, the observer fails, and a wake claimed by it was never
 * sent, which left the relay to its five-second sweep for good). The asynchronous call only queues the invocation.
 */
@ApplicationScoped
public class RelayWake {

    private final AtomicBoolean queued = new AtomicBoolean();

    @EJB
    EventRelay relay;

    void appended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended appended) {
        if (queued.compareAndSet(false, true)) {
            relay.wake();
        }
    }

    /** Called by the relay as a queued wake starts: a commit from now on queues another. */
    void taken() {
        queued.set(false);
    }
}
