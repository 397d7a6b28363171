package dev.slipway.web.sse;

import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.LogReader;
import dev.slipway.pipeline.RunRepository;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A log that {@link LogTails} reads while it is written: a job's log, until the job ends, or a deployment's service
 * output, until its process is stopped. {@code key} tells which (followers of one key share one read);
 * {@code ended} is asked once per tick, before the file is read, so a log that has ended is read to its end first.
 */
public record FollowedLog(Object key, String name, Path file, Supplier<Optional<String>> ended) {
    private record JobKey(String app, long run, String job) {}

    private record ServiceKey(String app, String environment, long deployment) {}

    /** A job's log: ends with the job's final state ("GONE" if the job is no longer recorded). */
    static FollowedLog of(JobRun job, LogReader reader, RunRepository runs) {
        return new FollowedLog(new JobKey(job.app(), job.run(), job.name()), job.name() + " of run #" + job.run(),
                reader.file(job), () -> runs.jobs(job.app(), job.run()).stream().filter(j -> j.name().equals(job.name())).findFirst()
                        .map(j -> j.state().isFinal() ? Optional.of(j.state().name()) : Optional.<String>empty())
                        .orElse(Optional.of("GONE")));
    }

    /** A deployment's service output: {@code ended} gives the deployment's state once its process is stopped. */
    public static FollowedLog ofService(String app, String environment, long deployment, Path file,
                                        Supplier<Optional<String>> ended) {
        return new FollowedLog(new ServiceKey(app, environment, deployment),
                "the service of deployment #" + deployment + " of " + environment, file, ended);
    }
}
