package dev.slipway.artifact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Lexical checks on '/'-separated relative paths, shared by packing and unpacking so both refuse the same names.
 * Lexical on purpose: the names must be safe wherever the artifact is unpacked, not only in the workspace it came from.
 */
final class RelativePaths {

    private RelativePaths() {}

    /** The segments of a relative path without "." or empty ones; empty when the path names the root itself. */
    static Optional<List<String>> segments(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return Optional.empty();
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return Optional.of(segments);
    }

    /** Whether a symlink at {@code linkName} (relative to the root) pointing to {@code target} resolves inside the root. */
    static boolean linkStaysInside(String linkName, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        Deque<String> resolved = new ArrayDeque<>();
        String[] linkSegments = linkName.split("/");
        for (int i = 0; i < linkSegments.length - 1; i++) {
            if (!linkSegments[i].isEmpty() && !linkSegments[i].equals(".")) {
                resolved.addLast(linkSegments[i]);
            }
        }
        for (String segment : target.split("/")) {
            if (segment.equals("..")) {
                if (resolved.isEmpty()) {
                    return false;
                }
                resolved.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                resolved.addLast(segment);
            }
        }
        return true;
    }
}
