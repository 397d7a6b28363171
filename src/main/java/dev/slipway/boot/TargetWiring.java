package dev.slipway.boot;

import dev.slipway.environment.TargetNarrowing;
import dev.slipway.store.SqlExecutorRepository;
import dev.slipway.store.SqlTargetRepository;
import dev.slipway.target.ExecutorRegistry;
import dev.slipway.target.Targets;

/**
 * Step 4b, targets: the machines admins registered and bound (client keys sealed with the secrets' key), and the
 * check of a pipeline file's {@code targets:} against those bindings; the executors {@code container:} jobs run on
 * (client keys sealed the same way).
 */
record TargetWiring(Targets targets, TargetNarrowing narrowing, ExecutorRegistry executors) {

    static TargetWiring wire(StoreWiring store, AuthWiring auth, SecretWiring secrets) {
        Targets targets = new Targets(new SqlTargetRepository(store.db()), secrets.targetKeys(), store.apps(),
                auth.access(), store.db(), store.audit(), store.clock());
        ExecutorRegistry executors = new ExecutorRegistry(new SqlExecutorRepository(store.db()), secrets.targetKeys(),
                auth.access(), store.db(), store.audit(), store.clock());
        return new TargetWiring(targets, new TargetNarrowing(targets), executors);
    }
}
