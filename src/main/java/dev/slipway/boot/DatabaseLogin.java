package dev.slipway.boot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The database login given apart from {@code --db}: SLIPWAY_DB_USER and SLIPWAY_DB_PASSWORD, so a password can come
 * from a secret store (a Kubernetes Secret as environment) without ever being on the command line, where {@code ps}
 * and the pod spec would show it. They are added to the PostgreSQL URL as its {@code user} and {@code password}
 * parameters, encoded, so any character may be in them.
 */
final class DatabaseLogin {
    static final String USER = "SLIPWAY_DB_USER";
    static final String PASSWORD = "SLIPWAY_DB_PASSWORD";

    private DatabaseLogin() {
    }

    /**
     * {@code url} with the login from {@code env} added; unchanged when neither variable is set.
     *
     * @throws IllegalArgumentException when the login cannot apply: no PostgreSQL URL, or the URL has its own
     */
    static String apply(String url, Map<String, String> env) {
        Optional<String> user = value(env, USER);
        Optional<String> password = value(env, PASSWORD);
        if (user.isEmpty() && password.isEmpty()) {
            return url;
        }
        String given = user.isPresent() ? USER : PASSWORD;
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(given + " is set, but --db is not a jdbc:postgresql: URL (SQLite needs "
                    + "no login): give --db jdbc:postgresql://HOST:PORT/DB, or unset " + given);
        }
        String query = "&" + (url.contains("?") ? url.substring(url.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "");
        refuseTwice(query, "user", USER, user);
        refuseTwice(query, "password", PASSWORD, password);
        StringBuilder login = new StringBuilder();
        user.ifPresent(u -> login.append("user=").append(encode(u)));
        password.ifPresent(p -> login.append(login.isEmpty() ? "" : "&").append("password=").append(encode(p)));
        return url + (url.contains("?") ? "&" : "?") + login;
    }

    private static void refuseTwice(String query, String parameter, String variable, Optional<String> value) {
        if (value.isPresent() && query.contains("&" + parameter + "=")) {
            throw new IllegalArgumentException("--db has a " + parameter + "= parameter and " + variable + " is set: "
                    + "give it one way only (the environment keeps it off the command line)");
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
