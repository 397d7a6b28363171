package dev.slipway.artifact;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Why two tars (two builds of one commit, or an image's layers) have different digests, entry by entry: a path only
 * one has, or which of size / mode / time / content (its sha256; a link's target) differ — "dist/BUILD_ID: content
 * differs". Deterministic tars fix times and owners, so a time that differs points at a tar Slipway did not write.
 */
public final class TarDifferences {
    private TarDifferences() {}

    private record Entry(long size, int mode, long time, String content) {}

    /** The differences between {@code recorded} and {@code rebuilt}, in path order; empty when they hold the same. */
    public static List<String> between(Path recorded, Path rebuilt) throws IOException {
        Map<String, Entry> before = read(recorded);
        Map<String, Entry> after = read(rebuilt);
        List<String> differences = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            Entry a = before.get(path);
            Entry b = after.get(path);
            if (b == null) {
                differences.add(path + ": only in the recorded artifact");
            } else if (a == null) {
                differences.add(path + ": only in the rebuild");
            } else {
                List<String> aspects = new ArrayList<>();
                if (a.size() != b.size()) {
                    aspects.add("size");
                }
                if (a.mode() != b.mode()) {
                    aspects.add("mode");
                }
                if (a.time() != b.time()) {
                    aspects.add("time");
                }
                if (!Objects.equals(a.content(), b.content())) {
                    aspects.add("content");
                }
                if (!aspects.isEmpty()) {
                    differences.add(path + ": " + String.join(", ", aspects) + (aspects.size() == 1 ? " differs" : " differ"));
                }
            }
        }
        if (differences.isEmpty() && !List.copyOf(before.keySet()).equals(List.copyOf(after.keySet()))) {
            differences.add("the same entries in another order");
        }
        return differences;
    }

    private static Map<String, Entry> read(Path tarFile) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarFile));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String content = e.isSymbolicLink() || e.isLink() ? "-> " + e.getLinkName()
                        : e.isDirectory() ? "" : sha256(tar);
                entries.put(e.getName(), new Entry(e.getSize(), e.getMode(), e.getModTime().getTime(), content));
            }
        }
        return entries;
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
