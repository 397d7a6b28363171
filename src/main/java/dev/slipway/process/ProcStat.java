package dev.slipway.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fields of {@code /proc/<pid>/stat} this package needs (proc(5) numbers them from 1). */
record ProcStat(long pid, char state, long ppid, long pgid, long sid, long startTicks) {

    private static final Path PROC = Paths.get("/proc");

    /** Zombies have exited and only wait to be reaped; 'X' is the instant of being reaped. */
    boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(pid, new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // The process vanished between listing and reading (ENOENT or ESRCH): it is gone.
            return Optional.empty();
        }
    }

    /** Every process on the host, as a snapshot that is already stale when it returns. */
    static List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcStat::isPidDirectory)) {
            for (Path entry : entries) {
                read(Long.parseLong(entry.getFileName().toString())).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes in /proc: " + e.getMessage(), e);
        }
        return all;
    }

    private static boolean isPidDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** The command name (field 2) may hold spaces and parentheses, so fields are counted from its closing ')'. */
    static ProcStat parse(long pid, String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                Long.parseLong(fields[3]), Long.parseLong(fields[19]));
    }
}
