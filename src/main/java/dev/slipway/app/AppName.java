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

    /**
     * "No such app", with what to do: create it when the name could be an app's; otherwise say which names can be
     * (never suggest a command that would be refused; the name is shown shortened and printable).
     */
    public static Problem notFound(String name) {
        if (name != null && VALID.matcher(name).matches()) {
            return Problem.notFound("app '" + name + "' does not exist: create it with `slipway app create " + name + "`");
        }
        String shown = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
        shown = shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
        return Problem.notFound("there is no app '" + shown + "': app names are 1-63 characters of a-z, 0-9 and '-', "
                + "starting with a letter or digit (`slipway app list` shows them)");
    }
}
