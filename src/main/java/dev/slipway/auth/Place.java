package dev.slipway.auth;

import java.util.Optional;

/**
 * The environment an action lands in, with what its pipeline file says about it: whether it marks it protected
 * (the file can only make it stricter, see {@link Access#decide}) and which role its approvals name, if it has any.
 */
public record Place(String app, String environment, boolean fileProtects, Optional<Role> approvers) {
    public Place {
        if (app == null || environment == null || approvers == null) {
            throw new IllegalArgumentException("a place needs an app and an environment");
        }
    }

    /** An environment whose file names no approvals (or whose approvals do not matter to the action). */
    public static Place of(String app, String environment, boolean fileProtects) {
        return new Place(app, environment, fileProtects, Optional.empty());
    }
}
