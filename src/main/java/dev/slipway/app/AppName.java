package dev.slipway.app;

import dev.slipway.Problem;
import java.util.regex.Pattern;

/** App names end up in URLs, directory names and environment names, so they are kept to a safe alphabet. */
public final class AppName {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private AppName() {}

    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("app name is missing: give a name like 'hello' (lower-case letters, digits and '-')");
        }
        if (!VALID.matcher(name).matches()) {
            throw Problem.invalid("app name '" + name + "' is not valid: use 1-63 characters of a-z, 0-9 and '-', "
                    + "starting with a letter or digit (pattern [a-z0-9][a-z0-9-]{0,62})");
        }
        return name;
    }
}
