package dev.slipway.target;

import java.util.List;
import java.util.Optional;

/** Targets, their labels and the bindings of app environments to them. */
public interface TargetRepository {
    /** Stores a new target with its labels; false when the name is taken. */
    boolean create(Target target);

    Optional<Target> find(String name);

    /** Every target with its labels, by name. */
    List<Target> all();

    /** Removes the target and its labels; false when there was none. Bindings naming it must be gone first. */
    boolean remove(String name);

    /** Sets (or replaces) one label. */
    void putLabel(String target, String key, String value);

    /** false when the target had no such label. */
    boolean removeLabel(String target, String key);

    /** false when the same binding exists already. */
    boolean bind(TargetBinding binding);

    /** false when there was no such binding. */
    boolean unbind(String app, String environment, TargetSelector selector);

    /** The environment's bindings, by selector. */
    List<TargetBinding> bindings(String app, String environment);

    /** Every binding, by app, environment and selector. */
    List<TargetBinding> allBindings();
}
