package dev.slipway.target;

import java.util.List;
import java.util.Optional;

/** The Docker engines and Kubernetes clusters jobs run on. */
public interface ExecutorRepository {
    /** Stores a new executor; false when the name is taken. */
    boolean create(Executor executor);

    Optional<Executor> find(String name);

    /** Every executor, by name. */
    List<Executor> all();

    /** false when there was none. */
    boolean remove(String name);
}
