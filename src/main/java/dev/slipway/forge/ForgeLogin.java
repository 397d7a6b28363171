package dev.slipway.forge;

import dev.slipway.Problem;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A forge login linked to a Slipway user: deliveries pushed by {@code login} on {@code forge} are {@code user}'s. */
public record ForgeLogin(Forge forge, String login, String user, Instant createdAt, String createdBy) {
    /**
     * GitHub's logins are letters, digits and '-'; GitLab's and Gitea's add '_' and '.'; GitHub apps push as
     * {@code NAME[bot]}. At most 255 characters. The one rule for links and for the pushers deliveries name.
     */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,249}(\\[bot])?");

    public ForgeLogin {
        Objects.requireNonNull(forge, "forge");
        checkLogin(login);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** How logins are matched: the forges treat {@code Octocat} and {@code octocat} as one. */
    public String key() {
        return key(login);
    }

    public static String key(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    public static String checkLogin(String login) {
        if (login == null || login.isBlank()) {
            throw Problem.invalid("the forge login is missing: send JSON like {\"login\": \"octocat\"}");
        }
        if (!LOGIN.matcher(login).matches()) {
            throw Problem.invalid("'" + abbreviate(login) + "' is not a forge login: use the user name as the forge "
                    + "shows it (up to 255 letters, digits, '-', '_', '.' and a closing [bot], starting with a letter "
                    + "or digit)");
        }
        return login;
    }

    static boolean isLogin(String login) {
        return LOGIN.matcher(login).matches();
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
