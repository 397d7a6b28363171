package dev.slipway.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A deployment's service output (stdout and stderr) as the target kept it, to be read back. */
@FunctionalInterface
public interface ServiceLogs {
    ServiceLogs NONE = (app, environment, deployment) -> Optional.empty();

    /**
     * The output as the service wrote it; the local target masks the service's own secrets as they are written, but
     * whoever serves it must still mask (values set since, other environments' secrets). Empty when the target kept
     * none for this deployment. The caller closes the reader.
     */
    Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException;

    /**
     * The file on this host the output is appended to while the service runs (it need not exist yet), for a reader
     * that follows it as it grows or reads only its end; empty for a target that keeps no such file.
     */
    default Optional<Path> file(String app, String environment, long deployment) {
        return Optional.empty();
    }
}
