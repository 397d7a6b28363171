package dev.slipway.process;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a command in the {@link Sandbox} owns: its directory (its working directory, the one place it may write), and
 * inside it its HOME and the directory it sees as /tmp; and whether it ends with the server.
 */
public record Cell(Path dir, Path home, Path tmp, Lifetime lifetime) {

    public enum Lifetime {
        /** A job's or a verify step's processes: killed when the server dies, even by kill -9. */
        ENDS_WITH_SERVER,
        /** A service: adopted by the next server after a restart or a crash, so never tied to this one. */
        OUTLIVES_SERVER
    }

    /** A service's cell, shared by its verify steps: its directory is its HOME, /tmp is {@code .slipway-tmp} in it. */
    public static Cell homeInDirectory(Path dir, Lifetime lifetime) {
        return new Cell(dir, dir, dir.resolve(".slipway-tmp"), lifetime);
    }

    public Cell {
        Objects.requireNonNull(lifetime, "lifetime");
        dir = dir.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
        tmp = tmp.toAbsolutePath().normalize();
        if (!home.startsWith(dir) || !tmp.startsWith(dir)) {
            throw new IllegalArgumentException("HOME " + home + " and /tmp " + tmp + " must be inside the cell's directory " + dir);
        }
    }
}
