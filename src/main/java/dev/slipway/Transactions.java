package dev.slipway;

import java.util.function.Supplier;

/**
 * Groups several repository calls into one database transaction: a state change and its audit entry commit
 * together or not at all. Calls made inside {@code work} on the same thread join the transaction.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
