package dev.slipway.auth;

import java.util.List;

public interface GrantRepository {
    /** Gives the user the role on the app, replacing the role they had there: one role per (user, app). */
    void put(Grant grant);

    /** The user's grants, by app. */
    List<Grant> of(String user);

    /** Every grant, by user and app. */
    List<Grant> all();
}
