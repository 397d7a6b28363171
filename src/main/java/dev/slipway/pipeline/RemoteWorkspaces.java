package dev.slipway.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The workspaces of jobs that run away from this host (a Kubernetes pod), as those jobs reach them over HTTP: a job
 * fetches its prepared workspace (the commit's files, earlier stages' passed files, the run's artifact, its restored
 * cache) as a tar and, after its steps, sends the workspace back as a tar, from which artifacts, passed files and
 * caches are taken exactly as for a local job. Only a job that runs now has a workspace here; the caller has already
 * checked the run's credentials. Refusals are {@link dev.slipway.Problem}s the HTTP edge answers as they are.
 */
public interface RemoteWorkspaces {
    /** Writes the job's workspace as a tar to {@code out}; NOT_FOUND when no such job runs remotely now. */
    void send(String app, long run, String job, OutputStream out) throws IOException;

    /**
     * Takes the tar of the job's workspace after its steps; NOT_FOUND when no such job runs remotely now, TOO_LARGE
     * past the job's limit, INVALID for an entry that would land outside the workspace. A refused tar changes nothing.
     */
    void receive(String app, long run, String job, InputStream tar) throws IOException;
}
