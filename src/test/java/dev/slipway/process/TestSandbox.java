package dev.slipway.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The sandbox tests run commands in: isolating, as every server's is, hiding the given directories. */
public final class TestSandbox {
    public static final Path BWRAP = Path.of("/usr/bin/bwrap");

    private TestSandbox() {}

    public static Sandbox hiding(Path... hidden) {
        try {
            return Sandbox.isolating(BWRAP, List.of(hidden), System.getenv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
