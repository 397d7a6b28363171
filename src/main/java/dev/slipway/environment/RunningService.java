package dev.slipway.environment;

/**
 * The process serving a deployment: pid plus its start time (so a recycled pid is never taken for ours), the port it
 * serves on and its directory on this host. {@code container} is the container's id when a container engine runs it
 * (the Docker target; pid and start time are then 0), null for a process of this host.
 */
public record RunningService(long pid, long startTicks, int port, String directory, String container) {

    /** A process of this host, run by no container engine. */
    public RunningService(long pid, long startTicks, int port, String directory) {
        this(pid, startTicks, port, directory, null);
    }
}
