package dev.slipway.forge;

import java.net.URI;
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

    private RepositoryUrls() {}

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
