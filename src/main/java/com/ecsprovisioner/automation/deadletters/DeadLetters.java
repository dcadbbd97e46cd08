package com.ecsprovisioner.automation.deadletters;

import com.ecsprovisioner.platform.EmbeddedBroker;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.List;
import java.util.logging.Logger;

/**
 * The console's boundary to the dead letters of the embedded broker: everyone logged in may look, only an admin may
 * replay or discard, and each of those is logged with who did it. With an external broker there is nothing here to
 * manage ({@link #available()} is false): its own console manages its DLQ.
 */
@Stateless
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    /** Shown at most: the page is for looking at a few failures, not for paging through a flood. */
    public static final int SHOWN = 200;

    @Inject
    EmbeddedBroker broker;

    @Resource
    SessionContext context;

    public boolean available() {
        return broker.server().isPresent();
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<DeadLetter> list() {
        return call(queue -> queue.list(SHOWN));
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public long count() {
        return call(DeadLetterQueue::count);
    }

    /** Sends the message back to the address it failed on; false if it had already left the DLQ. */
    @RolesAllowed(Role.ADMIN_NAME)
    public boolean replay(long messageId) {
        boolean replayed = call(queue -> queue.replay(messageId));
        LOG.info(() -> "Dead letter " + messageId + (replayed ? " replayed" : " not found to replay") + " by "
                + context.getCallerPrincipal().getName());
        return replayed;
    }

    /** Deletes the message for good; false if it had already left the DLQ. */
    @RolesAllowed(Role.ADMIN_NAME)
    public boolean discard(long messageId) {
        boolean discarded = call(queue -> queue.discard(messageId));
        LOG.info(() -> "Dead letter " + messageId + (discarded ? " discarded" : " not found to discard") + " by "
                + context.getCallerPrincipal().getName());
        return discarded;
    }

    private interface QueueCall<T> {
        T on(DeadLetterQueue queue) throws Exception;
    }

    private <T> T call(QueueCall<T> call) {
        DeadLetterQueue queue = new DeadLetterQueue(broker.server().orElseThrow(() ->
                new IllegalArgumentException("The broker is external: manage its dead letters with its own console.")));
        try {
            return call.on(queue);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The broker's management API failed: " + e.getMessage(), e);
        }
    }
}
