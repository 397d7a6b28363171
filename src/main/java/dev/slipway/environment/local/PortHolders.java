package dev.slipway.environment.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Best effort, Linux only: which process listens on a TCP port, so a person is told what to stop. The socket's
 * inode comes from /proc/net/tcp{,6}, its owner from the /proc/PID/fd links that point at it. Anything unreadable
 * (another user's process, no /proc) gives empty: the caller then says "another program".
 */
final class PortHolders {
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";
    private static final int MAX_COMMAND = 120;

    private PortHolders() {}

    /** "pid 1234 (python3 -m http.server 8080)", or empty when it cannot be told. */
    static Optional<String> of(int port) {
        return inode(port).flatMap(PortHolders::owner);
    }

    /** The inode of a socket listening on the port, on any address (0.0.0.0:P blocks 127.0.0.1:P too). */
    private static Optional<String> inode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try (Stream<String> lines = Files.lines(PROC.resolve(table))) {
                Optional<String> found = lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && f[3].equals(LISTEN) && !f[9].equals("0"))
                        .map(f -> f[9]).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException | RuntimeException e) {
                // no such table (IPv6 off, not Linux): look in the next one
            }
        }
        return Optional.empty();
    }

    private static Optional<String> owner(String inode) {
        String link = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                if (holds(process, link)) {
                    return Optional.of("pid " + process.getFileName() + command(process));
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable here: nobody to name
        }
        return Optional.empty();
    }

    private static boolean holds(Path process, String link) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException | RuntimeException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited meanwhile, or not ours to read
        }
        return false;
    }

    private static String command(Path process) {
        try {
            String line = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            if (line.isEmpty()) {
                return "";
            }
            return " (" + (line.length() > MAX_COMMAND ? line.substring(0, MAX_COMMAND) + "…" : line) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
