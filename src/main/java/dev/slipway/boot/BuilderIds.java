package dev.slipway.boot;

import dev.slipway.KeyFiles;
import dev.slipway.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The builder ids this server has signed provenance as ({@code PUBLIC_URL/builder}), kept in
 * {@code <data>/builder-ids}, newest first: a server started with another {@code --public-url} still recognises what
 * it built under the earlier one (its signature proves it signed it; the id alone was what changed). The file is
 * rewritten crash-safely (temp file, fsync, rename) only when the id is new.
 */
final class BuilderIds {
    static final String FILE = "builder-ids";

    private BuilderIds() {}

    /** {@code current} first, then the ids used before it, recording {@code current} if it is new. */
    static List<String> remember(Path data, String current) {
        Path file = data.resolve(FILE);
        List<String> stored;
        try {
            stored = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(id -> !id.isEmpty()).toList() : List.of();
        } catch (IOException e) {
            throw Problem.unavailable("cannot read " + file + ": " + e.getMessage() + " (is the data directory "
                    + "readable?)");
        }
        List<String> ids = new ArrayList<>();
        ids.add(current);
        stored.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        if (stored.isEmpty() || !stored.get(0).equals(current)) {
            KeyFiles.replace(file, (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8),
                    "the builder ids");
        }
        return List.copyOf(ids);
    }
}
