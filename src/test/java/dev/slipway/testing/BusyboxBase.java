package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The base image tests build on, since none can be downloaded here: a rootfs holding only Debian busybox-static's
 * /bin/busybox (and /bin/sh → busybox), built once per JVM, imported into {@link TestDocker} with
 * {@code docker import} and pushed to {@link TestRegistry} as {@code base/busybox:1}. Its {@code busybox httpd -f
 * -p 127.0.0.1:PORT -h DIR} serves a directory. Tests share the engine, so one may have removed the local copy:
 * build on the registry's (FROM it, or {@code docker pull} it first), not on what the engine happens to hold.
 */
public final class BusyboxBase {
    public static final String REPOSITORY = "base/busybox";
    public static final String TAG = "1";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static Image built;

    private BusyboxBase() {}

    /** The pushed base: {@code reference} is REGISTRY/base/busybox:1, {@code digest} what the registry reports. */
    public record Image(String registry, String reference, String digest) {
        /** REGISTRY/base/busybox@sha256:…, the form that pins it. */
        public String byDigest() {
            return registry + "/" + REPOSITORY + "@" + digest;
        }
    }

    /** The base image of this JVM, built and pushed on first use. */
    public static synchronized Image get() {
        if (built == null) {
            built = build(TestDocker.get(), TestRegistry.get());
        }
        return built;
    }

    private static Image build(TestDocker docker, TestRegistry registry) {
        Path dir = JvmTempDirs.create("slipway-busybox-base");
        Path tarball = dir.resolve("rootfs.tar");
        writeRootfs(dir.resolve("rootfs"));
        RealCommand.run(Duration.ofMinutes(1), Map.of(), List.of("tar", "--sort=name", "--mtime=@0", "--owner=0",
                "--group=0", "--numeric-owner", "-C", dir.resolve("rootfs").toString(), "-cf", tarball.toString(), "."))
                .ok();
        String reference = registry.address() + "/" + REPOSITORY + ":" + TAG;
        docker.docker("import", "--change", "CMD [\"/bin/sh\"]", tarball.toString(), reference).ok();
        docker.docker("push", reference).ok();
        return new Image(registry.address(), reference, registry.manifestDigest(REPOSITORY, TAG));
    }

    /** Writes the base's files into {@code rootfs}: bin/busybox (static) and bin/sh → busybox, and an empty tmp. */
    public static void writeRootfs(Path rootfs) {
        requireStaticBusybox();
        try {
            Files.createDirectories(rootfs.resolve("bin"));
            Files.createDirectories(rootfs.resolve("tmp"));
            Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
            Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Debian's dynamic `busybox` package also installs /bin/busybox, which cannot run in a rootfs without libc
    private static void requireStaticBusybox() {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new AssertionError(BUSYBOX + " is missing: install Debian's busybox-static (apt-get install busybox-static)");
        }
        if (hasInterpreter(BUSYBOX)) {
            throw new AssertionError(BUSYBOX + " is dynamically linked and cannot run alone in an image:"
                    + " install Debian's busybox-static instead of busybox");
        }
    }

    /** Whether an ELF64 little-endian file asks for a dynamic loader (has a PT_INTERP program header). */
    private static boolean hasInterpreter(Path elf) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
            long headers = bytes.getLong(0x20);
            int size = Short.toUnsignedInt(bytes.getShort(0x36));
            int count = Short.toUnsignedInt(bytes.getShort(0x38));
            for (int i = 0; i < count; i++) {
                if (bytes.getInt((int) headers + i * size) == 3) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
