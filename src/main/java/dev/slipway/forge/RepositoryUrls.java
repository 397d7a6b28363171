package dev.slipway.forge;

import dev.slipway.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repository has several URLs (https://github.com/o/r, git@github.com:o/r.git, ssh://git@github.com/o/r): a
 * webhook names them in its own way, so apps are found by a key they all share — host and path, lower case, without
 * scheme, user, port, trailing slash or {@code .git}.
 */
public final class RepositoryUrls {
    /** scp-like syntax: {@code user@host:path}, no scheme. */
    private static final Pattern SCP = Pattern.compile("(?:[^@/]+@)?([^:/]+):(?!//)(.+)");

    /** Longer than any forge's URL; a longer one is not read, stored or echoed back. */
    static final int MAX_LENGTH = 2048;
    private static final Pattern SPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");

    private RepositoryUrls() {}

    /**
     * A repository URL as {@code --from} may give it, checked before anything looks at it: not blank, not over 2048
     * characters, no white space or control character, not an option ({@code -…}), and one {@link #key} can read.
     * Which schemes may be followed is the mirror's rule, checked when it first lists the repository.
     */
    public static void check(String url) {
        String shown = shown(url);
        if (url.isBlank()) {
            throw Problem.invalid("--from is empty: give the repository's URL, e.g. https://HOST/OWNER/REPO.git");
        }
        if (url.length() > MAX_LENGTH) {
            throw Problem.invalid("--from '" + shown + "' is " + url.length() + " characters long: a repository URL has "
                    + "at most " + MAX_LENGTH);
        }
        if (SPACE_OR_CONTROL.matcher(url).find() || url.startsWith("-")) {
            throw Problem.invalid("--from '" + shown + "' is not a repository URL: it holds white space or a control "
                    + "character, or starts with '-' (use https://HOST/OWNER/REPO.git or ssh://git@HOST/OWNER/REPO.git)");
        }
        try {
            key(url);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("--from '" + shown + "' is not a repository URL: " + e.getMessage()
                    + " (use https://HOST/OWNER/REPO.git or ssh://git@HOST/OWNER/REPO.git)");
        }
    }

    /**
     * A forge API's base URL ({@code --api-url}): https://, or http:// to this machine only — the token goes to it
     * in a header, so it must not cross the network in clear — with a host, and no user or password in it.
     */
    public static void checkApi(String url) {
        String shown = shown(url);
        if (url.length() > MAX_LENGTH || SPACE_OR_CONTROL.matcher(url).find()) {
            throw Problem.invalid("--api-url '" + shown + "' is not a URL (too long, or white space or a control "
                    + "character in it): give the forge's API, e.g. https://git.example.com/api/v1");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Problem.invalid("--api-url '" + shown + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw Problem.invalid("--api-url '" + shown + "' must be an https:// URL with a host and a path, no user, "
                    + "query or fragment, e.g. https://git.example.com/api/v1");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw Problem.invalid("--api-url '" + shown + "' is plain http://: the token would cross the network in "
                    + "clear. Give the API's https:// URL (http:// only for this machine: localhost, 127.0.0.1, ::1)");
        }
    }

    /** localhost, 127.x.x.x or ::1 (bracketed or not). */
    public static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static String shown(String url) {
        String printable = url.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    public static String key(String url) {
        String host;
        String path;
        Matcher scp = SCP.matcher(url);
        if (!url.contains("://") && scp.matches()) {
            host = scp.group(1);
            path = scp.group(2);
        } else {
            URI uri = URI.create(url);
            host = uri.getHost() == null ? "" : uri.getHost();
            path = uri.getPath() == null ? "" : uri.getPath();
        }
        path = path.replaceAll("/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        path = path.replaceAll("^/+", "");
        return (host + "/" + path).toLowerCase(Locale.ROOT);
    }
}
