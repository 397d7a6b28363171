package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a job's {@code cache:}: directories kept for the app's next jobs. {@code ~/…} is in the job's own HOME, any
 * other path is relative to its workspace; nothing may reach outside them. Returned in a normal form
 * ({@code ~/.m2/repository}, {@code node_modules}) that names the cache: jobs naming the same path share it.
 */
final class CachePaths {
    static final String HOME = "~/";
    /** A cache's name becomes a directory name: this keeps it well under a file system's limit. */
    static final int MAX_LENGTH = 120;
    private static final String EXAMPLE = "e.g. [ \"~/.m2/repository\" ]";

    private CachePaths() {}

    static List<String> read(Fields job) throws PipelineException {
        if (job.get("cache").isEmpty()) {
            return List.of();
        }
        List<Scalar> paths = job.scalars("cache", "a list of directories to keep between jobs, " + EXAMPLE, true);
        if (paths.isEmpty()) {
            throw job.get("cache").get().at().error(job.expectation("cache", "a list of at least one directory, " + EXAMPLE));
        }
        List<String> result = new ArrayList<>();
        List<Scalar> seen = new ArrayList<>();
        for (Scalar path : paths) {
            String normal = normal(path);
            for (int i = 0; i < result.size(); i++) {
                String other = result.get(i);
                if (normal.equals(other) || normal.startsWith(other + "/") || other.startsWith(normal + "/")) {
                    throw path.at().error("cache path '" + path.text() + "' overlaps '" + seen.get(i).text()
                            + "' (line " + seen.get(i).at().line() + "); list each directory once, none inside another");
                }
            }
            result.add(normal);
            seen.add(path);
        }
        return result;
    }

    private static String normal(Scalar path) throws PipelineException {
        String text = path.text();
        boolean home = text.startsWith(HOME);
        if (text.startsWith("~") && !home) {
            throw path.at().error("cache path '" + text + "' must start with '~/' for the job's HOME (another user's "
                    + "HOME is not the job's), or be relative to the workspace, " + EXAMPLE);
        }
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("[A-Za-z]:.*")) {
            throw path.at().error("cache path '" + text + "' is absolute; write '~/…' for the job's HOME or a path "
                    + "relative to its workspace, " + EXAMPLE);
        }
        List<String> names = new ArrayList<>();
        for (String name : (home ? text.substring(HOME.length()) : text).split("/+")) {
            if (name.equals("..")) {
                throw path.at().error("cache path '" + text + "' must stay inside the job's "
                        + (home ? "HOME" : "workspace") + "; '..' is not allowed");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        String rest = String.join("/", names);
        if (rest.isEmpty()) {
            throw path.at().error("cache path '" + text + "' names the whole " + (home ? "HOME" : "workspace")
                    + "; name the directory to keep, " + EXAMPLE);
        }
        if (rest.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{' || c == '\\' || c < 0x20)) {
            throw path.at().error("cache path '" + text + "' has a wildcard or a control character; name the "
                    + "directory itself, " + EXAMPLE);
        }
        if (!home && (names.get(0).equals(".git") || names.get(0).startsWith(".slipway"))) {
            throw path.at().error("cache path '" + text + "' is the checkout's .git or Slipway's own directory; name "
                    + "a directory the build writes, " + EXAMPLE);
        }
        String normal = home ? HOME + rest : rest;
        if (normal.length() > MAX_LENGTH) {
            throw path.at().error("cache path '" + text + "' is longer than " + MAX_LENGTH + " characters; cache a "
                    + "directory higher up");
        }
        return normal;
    }
}
