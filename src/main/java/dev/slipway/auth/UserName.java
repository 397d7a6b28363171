package dev.slipway.auth;

import dev.slipway.Problem;
import java.util.regex.Pattern;

/** User names appear in git URLs, audit entries and commands people copy, so they are kept to a safe alphabet. */
final class UserName {
    private static final int MAX_LENGTH = 39;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,38}");

    private UserName() {}

    static String check(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("user name is missing: give a name like 'alice' (lower-case letters, digits, '_' and '-')");
        }
        if (name.length() > MAX_LENGTH) {
            // Not echoed: something this long may be a token pasted into the wrong place.
            throw Problem.invalid("user name is too long (" + name.length() + " characters): use at most " + MAX_LENGTH);
        }
        if (!VALID.matcher(name).matches()) {
            throw Problem.invalid("user name '" + name + "' is not valid: use 1-39 characters of a-z, 0-9, '_' and '-', "
                    + "starting with a letter (pattern [a-z][a-z0-9_-]{0,38})");
        }
        return name;
    }
}
