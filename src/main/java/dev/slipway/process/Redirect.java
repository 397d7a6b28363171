package dev.slipway.process;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Where the merged stdout and stderr of a spawned process go. */
public sealed interface Redirect {

    /**
     * Straight into a file (created readable by the server's user only), with nothing in this JVM to keep up, so suited
     * to long-running services. The values of {@code maskedVariables} (names of the command's environment variables)
     * are replaced by *** on the way, by a filter that runs beside the command in its sandbox: it goes on masking
     * when the server is gone.
     */
    record ToFile(Path file, boolean append, Set<String> maskedVariables) implements Redirect {
        public ToFile {
            Objects.requireNonNull(file, "file");
            maskedVariables = Set.copyOf(maskedVariables);
        }

        public ToFile(Path file, boolean append) {
            this(file, append, Set.of());
        }
    }

    /**
     * One call per line, UTF-8 decoded, without the line terminator, from a reader thread; for logs streamed live.
     * Only what the script's own process tree writes while the script runs is captured: once it exits, Java closes
     * the pipe, and a background child still writing to it gets EPIPE.
     */
    record ToLines(Consumer<String> sink) implements Redirect {
        public ToLines {
            Objects.requireNonNull(sink, "sink");
        }
    }
}
