package dev.slipway.auth;

import dev.slipway.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user may do on an app. Ordered: each role includes every role before it, so a check is one comparison. */
public enum Role {
    /** read: status, runs, logs, history */
    VIEWER,
    /** push branches, deploy to unprotected environments */
    DEVELOPER,
    /** promote into unprotected environments */
    DEPLOYER,
    /** approve, promote, swap and roll back protected environments */
    RELEASER,
    /** everything, including managing users and apps */
    ADMIN;

    static final String CHOICES = Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text == null || text.isBlank()) {
            throw Problem.invalid("role is missing: use one of " + CHOICES);
        }
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text.strip())) {
                return role;
            }
        }
        throw Problem.invalid("unknown role '" + text + "': use one of " + CHOICES);
    }
}
