package dev.slipway.secret;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Protected-ness as the pipeline files say it: any environment that a pipeline file of the app's last
 * {@value #RECENT_RUNS} runs marks {@code protected: true} (production is, unless its file says otherwise). The server
 * adds its own word on top ({@code Access.decide}: production, and what an admin protected). Looking at several recent files
 * rather than the newest one means one push of a branch whose file drops {@code protected} does not lower the
 * bar for setting that environment's secrets. Secrets can be set before any push; then only the name counts.
 */
public final class RecentPipelineFiles implements ProtectedEnvironments {
    static final int RECENT_RUNS = 20;

    private final RunRepository runs;
    private final PipelineFiles files;

    public RecentPipelineFiles(RunRepository runs, PipelineFiles files) {
        this.runs = runs;
        this.files = files;
    }

    @Override
    public boolean isProtected(String app, String environment) {
        Set<String> seen = new HashSet<>();
        for (Run run : runs.list(app, RECENT_RUNS)) {
            if (run.pipelineDigest() != null && seen.add(run.pipelineDigest())
                    && spec(run).flatMap(s -> s.environment(environment)).map(EnvironmentSpec::isProtected).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private Optional<PipelineSpec> spec(Run run) {
        try {
            return files.specOf(run); // empty when missing or invalid
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // a commit that can no longer be read says nothing either way
        }
    }
}
