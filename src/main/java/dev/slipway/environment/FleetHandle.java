package dev.slipway.environment;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The handle recorded for a deployment that runs on an environment's targets rather than on this host: it names the
 * deployment, whose containers are found on each target by their labels ({@code targets:APP/ENV/ID} in the
 * deployment's {@code container} column). What each target runs is asked of the target, never remembered.
 */
record FleetHandle(String app, String environment, long deployment) {
    private static final String PREFIX = "targets:";
    private static final Pattern TEXT = Pattern.compile("targets:([^/]+)/([^/]+)/(\\d+)");

    static Optional<FleetHandle> of(RunningService service) {
        if (service == null || service.container() == null || !service.container().startsWith(PREFIX)) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(service.container());
        return m.matches() ? Optional.of(new FleetHandle(m.group(1), m.group(2), Long.parseLong(m.group(3))))
                : Optional.empty();
    }

    static boolean isFleet(RunningService service) {
        return of(service).isPresent();
    }

    /** The handle as recorded; {@code port} is one member's (what single-upstream readers fall back to). */
    RunningService service(String directory, int port) {
        return new RunningService(0, 0, port, directory, PREFIX + app + "/" + environment + "/" + deployment);
    }
}
