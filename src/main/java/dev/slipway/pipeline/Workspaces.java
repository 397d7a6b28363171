package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where jobs work: {@code root/<app>/<run>/<job>} (and the job's {@code <job>.artifact} unpacking beside it), made
 * for one attempt and removed after it. A crash, or a removal that failed, leaves them behind: {@link #clearAll} at
 * start-up, before any job runs, and {@link #sweep} now and then remove those of jobs that are not running.
 */
public final class Workspaces {
    private final Path root;
    private final RunRepository runs;

    public Workspaces(Path root, RunRepository runs) {
        this.root = root.toAbsolutePath().normalize();
        this.runs = runs;
    }

    /** The workspace of one job of one run under {@code root}. */
    public static Path of(Path root, Run run, String job) {
        return root.resolve(run.app()).resolve(Long.toString(run.number())).resolve(job);
    }

    /** Removes every workspace; only while no job can be running (at start-up). Returns the paths removed. */
    public List<Path> clearAll() throws IOException {
        List<Path> apps = children(root);
        apps.forEach(JobAttempts::deleteQuietly);
        return apps;
    }

    /**
     * Removes the workspaces of finished runs and of jobs that are no longer RUNNING (what a job passed to later stages
     * stays until its run ends: {@link PassedFiles}). They are listed before their
     * states are read: a job is RUNNING before its workspace is made and never runs again, so a workspace that
     * exists and whose job is not RUNNING afterwards is left over. Returns the paths removed.
     */
    public List<Path> sweep() throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path app : children(root)) {
            for (Path runDir : children(app)) {
                List<Path> entries = children(runDir);
                Optional<Run> run = runNumber(runDir).flatMap(n -> runs.find(app.getFileName().toString(), n));
                if (run.isEmpty() || run.get().state().isFinal()) {
                    JobAttempts.deleteQuietly(runDir); // no job of a finished run starts any more
                    removed.add(runDir);
                    continue;
                }
                Map<String, JobState> jobs = runs.jobs(run.get().app(), run.get().number()).stream()
                        .collect(Collectors.toMap(JobRun::name, JobRun::state));
                for (Path entry : entries) {
                    if (jobs.get(jobOf(entry)) != JobState.RUNNING && !PassedFiles.isPassed(entry)) {
                        JobAttempts.deleteQuietly(entry);
                        removed.add(entry);
                    }
                }
            }
        }
        return removed;
    }

    /** "compile", "compile.artifact" and ".compile.artifact.unpacking-123" all belong to job compile (no dots in names). */
    static String jobOf(Path entry) {
        String name = entry.getFileName().toString();
        String bare = name.startsWith(".") ? name.substring(1) : name;
        int dot = bare.indexOf('.');
        return dot < 0 ? bare : bare.substring(0, dot);
    }

    private static Optional<Long> runNumber(Path dir) {
        try {
            return Optional.of(Long.parseLong(dir.getFileName().toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        return children;
    }
}
