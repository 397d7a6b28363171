package dev.slipway.store;

import org.jdbi.v3.core.Handle;

/** Per-app counters (run numbers, deployment ids): one atomic UPDATE … RETURNING, portable and gap-free. */
final class Counters {
    private Counters() {}

    static long next(Handle h, String app, String column) {
        return h.createQuery("UPDATE apps SET " + column + " = " + column + " + 1 WHERE name = :app RETURNING " + column)
                .bind("app", app).mapTo(Long.class).findOne()
                .orElseThrow(() -> new IllegalStateException("app '" + app + "' does not exist"));
    }
}
