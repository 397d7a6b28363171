package dev.slipway.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user and password (or token) for a registry, or none. Kept as an app-wide secret in the form
 * {@code user:password}; never printed.
 */
public record RegistryCredentials(String user, String password) {
    private static final RegistryCredentials NONE = new RegistryCredentials("", "");

    public RegistryCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public static RegistryCredentials none() {
        return NONE;
    }

    /** {@code user:password}, split at the first ':' (a password may contain more). */
    public static RegistryCredentials parse(String secretName, String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("secret " + secretName + " does not hold registry credentials: its value "
                    + "must be USER:PASSWORD (set it with `printf %s 'user:password' | slipway secret set APP "
                    + secretName + " --app-wide`)");
        }
        return new RegistryCredentials(value.substring(0, colon), value.substring(colon + 1));
    }

    public boolean isNone() {
        return user.isEmpty();
    }

    /** The value of an {@code Authorization: Basic …} header. */
    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isNone() ? "RegistryCredentials[none]" : "RegistryCredentials[user=" + user + ", password=***]";
    }
}
