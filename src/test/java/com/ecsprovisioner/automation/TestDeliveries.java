package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.platform.outbox.TestOutbox;
import jakarta.persistence.EntityManager;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static com.ecsprovisioner.testsupport.Transactions.inTransaction;

/**
 * One delivery of a command message as the container makes it: the intake in the delivery's transaction, the
 * acceptance in one of its own (REQUIRES_NEW), each on an entity manager of its own over the migrated database.
 */
final class TestDeliveries {

    private TestDeliveries() {
    }

    /**
     * {@code wire} sets the acceptance's boundaries once; {@code perAcceptance} gives it what lives in its own
     * transaction (boundaries on that transaction's entity manager).
     */
    static void deliver(MigratedDatabase db, IncomingCommand message, Consumer<CommandAcceptance> wire,
                        BiConsumer<CommandAcceptance, EntityManager> perAcceptance) {
        EntityManager outer = db.createEntityManager();
        CommandIntake intake = new CommandIntake();
        intake.em = outer;
        intake.events = events(outer);
        intake.acceptance = new CommandAcceptance() {
            @Override
            public String accept(Command command, String brokerUser, Outbox.Reply reply) {
                EntityManager inner = db.createEntityManager();
                this.events = events(inner);
                this.outbox = this.events.outbox;
                perAcceptance.accept(this, inner);
                try {
                    return inTransaction(inner, () -> super.accept(command, brokerUser, reply));
                } finally {
                    inner.close();
                }
            }
        };
        wire.accept(intake.acceptance);
        try {
            inTransaction(outer, () -> {
                intake.take(message);
                return null;
            });
        } finally {
            outer.close();
        }
    }

    static CommandEvents events(EntityManager em) {
        CommandEvents events = new CommandEvents();
        events.em = em;
        events.outbox = TestOutbox.on(em);
        return events;
    }
}
