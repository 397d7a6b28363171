package dev.slipway.auth;

import java.util.List;
import java.util.Optional;

public interface ProtectionRepository {
    /** Records the admin's word for (app, environment), replacing an earlier one. */
    void put(Protection protection);

    Optional<Protection> find(String app, String environment);

    /** The app's protections, by environment. */
    List<Protection> of(String app);
}
