package com.ecsprovisioner.automation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Sends what the outbox holds, in order per job, at least once. One pass: take (or renew) the relay lease, read a
 * batch of pending rows in (job, sequence) order, send it, mark it relayed, and again until nothing is pending; then
 * give the lease up. Each database step is a short transaction of its own, and the sending happens outside any, so no
 * transaction stays open while the broker is slow or gone: a failed send leaves the rows pending for the next pass
 * (woken by the next commit, or by the sweep), and rows sent but not yet marked when the node died are sent again by
 * the next holder, in the same order. Plain Java, so that the same loop runs in the container and in tests.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());

    /** The database side of a pass; each method is one transaction. */
    public interface Store {
        /** Takes or renews the lease; false while another relay holds it. */
        boolean claim(String holder, Duration lease);

        /** Up to {@code max} pending rows, each job's in its sequence. */
        List<RelayedEvent> pending(int max);

        void markRelayed(List<Long> ids);

        void release(String holder);
    }

    /** The broker side: what was sent is on the broker when a method returns, or an exception says it may not be. */
    public interface Publisher {
        /** The batch to {@code ecs.events}, in its order. */
        void publish(List<RelayedEvent> batch);

        /** One event to the reply-to destination its command named, with the command's correlation id. */
        void reply(RelayedEvent event);
    }

    private final Store store;
    private final Publisher publisher;
    private final String holder;
    private final Duration lease;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /**
     * @param lease how long a claim lasts; longer than a batch's sending can take (each send is bounded by the client's
     *              call time-out), so that the lease never runs out under a holder that is still sending
     */
    public OutboxRelay(Store store, Publisher publisher, String holder, Duration lease, int batch) {
        this.store = Objects.requireNonNull(store);
        this.publisher = Objects.requireNonNull(publisher);
        this.holder = Objects.requireNonNull(holder);
        this.lease = Objects.requireNonNull(lease);
        this.batch = batch;
    }

    /**
     * Sends everything pending; answers how many events were sent. A call while a pass runs in this JVM makes that
     * pass look once more instead of running beside it. Throws when the broker or the database failed (nothing is
     * lost: the rows stay pending).
     */
    public int relayPending() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return 0;
        }
        int sent = 0;
        try {
            do {
                again.set(false);
                sent += drain();
            } while (again.get());
        } finally {
            running.set(false);
        }
        return sent;
    }

    /**
     * A reply-to destination is the sender's (usually a temporary queue): once the sender has gone, it no longer
     * exists, and waiting for it would hold every later event back. Such a reply is dropped; the event itself is on
     * {@code ecs.events}. Any other failure (the broker is down) leaves the batch pending.
     */
    private void replyUnlessGone(RelayedEvent e) {
        try {
            publisher.reply(e);
        } catch (RuntimeException failure) {
            if (!destinationGone(failure)) {
                throw failure;
            }
            LOG.info(() -> "Event " + e.id() + ": its reply-to destination " + e.replyTo() + " no longer exists; not answered there");
        }
    }

    static boolean destinationGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            // Artemis's JMS client says so with a plain JMSException when it looks the queue up before sending.
            boolean noQueue = t.getMessage() != null && t.getMessage().startsWith("There is no queue with name");
            if (noQueue || name.startsWith("InvalidDestination") || name.equals("ActiveMQAddressDoesNotExistException")
                    || name.equals("ActiveMQNonExistentQueueException")) {
                return true;
            }
        }
        return false;
    }

    private int drain() {
        int sent = 0;
        try {
            while (store.claim(holder, lease)) {
                List<RelayedEvent> rows = store.pending(batch);
                if (rows.isEmpty()) {
                    break;
                }
                publisher.publish(rows);
                for (RelayedEvent e : rows) {
                    if (e.replyTo() != null) {
                        replyUnlessGone(e);
                    }
                }
                store.markRelayed(rows.stream().map(RelayedEvent::id).toList());
                sent += rows.size();
                if (rows.size() < batch) {
                    break;
                }
            }
            // A failed claim means another node relays: its pass sends our rows too.
        } finally {
            store.release(holder);
        }
        return sent;
    }
}
