package dev.slipway.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process started by {@link Spawner} together with everything it started: SIGTERM, a grace period, then SIGKILL.
 *
 * <p>The tree is the process group and session led by the root (pid == pgid == sid), plus every descendant by
 * parent link, since a child may have moved to a session of its own. A child that double-forks into its own
 * session escapes both once its parent has exited; only cgroups could catch that.
 */
public final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Duration AFTER_KILL = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;
    private static final Path KILL = Files.isExecutable(Paths.get("/usr/bin/kill")) ? Paths.get("/usr/bin/kill") : Paths.get("/bin/kill");

    private ProcessTree() {}

    /** Kills the tree rooted at {@code root}; safe on a dead root. Returns once all is gone or after grace + 2 s. */
    public static void kill(ProcessId root, Duration grace) {
        if (root.pid() == 1 || root.pid() == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("refusing to kill process " + root.pid() + ": it is init or this server");
        }
        if (!ownsItsPid(root)) {
            return;
        }
        Set<ProcessId> members = snapshot(root);
        if (members.isEmpty()) {
            return; // nothing left that could still fork: the usual end of a step that left nothing behind
        }
        signal(root, members, "TERM");
        if (awaitGone(root, members, grace)) {
            return;
        }
        members.addAll(snapshot(root));
        signal(root, members, "KILL");
        if (!awaitGone(root, members, AFTER_KILL)) {
            LOG.warn("processes of the tree of {} survived SIGKILL (stuck in the kernel?): {}", root.pid(), alive(root, members));
        }
    }

    /**
     * Whether {@code root.pid()} still names our group and session. The kernel does not reuse a pid while a group
     * or session carries it, so it does if the pid is our process, or if nothing holds it (the group may outlive its
     * leader). Another process holding it means the pid was recycled, and nothing of ours can still carry it.
     */
    private static boolean ownsItsPid(ProcessId root) {
        return ProcStat.read(root.pid()).map(stat -> stat.startTicks() == root.startTicks()).orElse(true);
    }

    /** The live root, the members of its group and session, and all their descendants. */
    private static Set<ProcessId> snapshot(ProcessId root) {
        List<ProcStat> all = ProcStat.all();
        Map<Long, List<ProcStat>> children = all.stream().collect(Collectors.groupingBy(ProcStat::ppid));
        Deque<ProcStat> pending = new ArrayDeque<>();
        for (ProcStat stat : all) {
            if (stat.pid() == root.pid() && stat.startTicks() != root.startTicks()) {
                return new HashSet<>();   // recycled meanwhile, see ownsItsPid
            }
            if (stat.pid() == root.pid() || stat.pgid() == root.pid() || stat.sid() == root.pid()) {
                pending.add(stat);
            }
        }
        long self = ProcessHandle.current().pid();
        Set<Long> seen = new HashSet<>();
        Set<ProcessId> members = new HashSet<>();
        while (!pending.isEmpty()) {
            ProcStat stat = pending.poll();
            if (!seen.add(stat.pid()) || stat.pid() == self || stat.pid() == 1) {
                continue;
            }
            if (!stat.exited()) {
                members.add(new ProcessId(stat.pid(), stat.startTicks()));
            }
            pending.addAll(children.getOrDefault(stat.pid(), List.of()));
        }
        return members;
    }

    private static void signal(ProcessId root, Set<ProcessId> members, String signal) {
        // The group signal is atomic, so it also reaches children forked after the snapshot.
        boolean groupSignalled = sendToGroup(root.pid(), signal);
        for (ProcessId member : members) {
            // Once is enough: some programs take a second SIGTERM as "give up cleaning up".
            boolean inGroup = ProcStat.read(member.pid()).map(stat -> stat.pgid() == root.pid()).orElse(false);
            if (member.isAlive() && !(groupSignalled && inGroup)) {
                // ProcessHandle re-checks the start time right before signalling, so a recycled pid is left alone.
                ProcessHandle.of(member.pid()).ifPresent(handle -> {
                    if (signal.equals("KILL")) {
                        handle.destroyForcibly();
                    } else {
                        handle.destroy();
                    }
                });
            }
        }
    }

    private static boolean sendToGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder(KILL.toString(), "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // A non-zero exit only means that the group is already empty.
            kill.waitFor();
            return true;
        } catch (IOException e) {
            LOG.warn("cannot signal process group {} with {}: {}", pgid, KILL, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls until nothing of the tree is alive; false at the deadline. */
    private static boolean awaitGone(ProcessId root, Set<ProcessId> members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!alive(root, members).isEmpty()) {
            if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // Being interrupted means "hurry up": go straight to SIGKILL, and keep the flag for the caller.
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The remembered members still alive; only when none is left, a full scan for late arrivals (it reads all of /proc). */
    private static Set<ProcessId> alive(ProcessId root, Set<ProcessId> members) {
        Set<ProcessId> alive = members.stream().filter(ProcessId::isAlive).collect(Collectors.toSet());
        return alive.isEmpty() ? snapshot(root) : alive;
    }
}
