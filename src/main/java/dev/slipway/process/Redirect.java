package dev.slipway.process;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/** Where the merged stdout and stderr of a spawned process go. */
public sealed interface Redirect {

    /** Straight into a file by the OS: nothing in this JVM has to keep up, so suited to long-running services. */
    record ToFile(Path file, boolean append) implements Redirect {
        public ToFile {
            Objects.requireNonNull(file, "file");
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
