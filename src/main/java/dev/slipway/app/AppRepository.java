package dev.slipway.app;

import java.util.List;
import java.util.Optional;

public interface AppRepository {
    /** Inserts the app; runs {@code alsoInTransaction} before committing so the caller's side effect and the row commit or fail together. */
    void create(App app, Runnable alsoInTransaction);

    Optional<App> find(String name);

    List<App> list();
}
