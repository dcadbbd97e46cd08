package com.ecsprovisioner.platform;

import jakarta.transaction.UserTransaction;

import java.util.function.Supplier;

/**
 * One short bean-managed transaction around some work, for the timers that talk to the cloud between transactions
 * (the status sync, the orphan clean-up): committed when the work returns, rolled back when it throws.
 */
public final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} in a transaction of its own; {@code what} names it in the error of a failed begin or commit. */
    public static <T> T inTransaction(UserTransaction tx, String what, Supplier<T> work) {
        try {
            tx.begin();
            try {
                T result = work.get();
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                tx.rollback();
                throw e;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " transaction: " + e.getMessage(), e);
        }
    }
}
