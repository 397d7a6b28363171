package dev.slipway.pipeline;

import java.util.Optional;

/**
 * What a job asks of the machine it runs on ({@code resources: { cpu: 1, memory: 2Gi }}), in Kubernetes quantity
 * syntax: a pod executor requests both and limits memory to the request (so the scheduler's promise is what the job
 * gets); the local and Docker executors do not apply them. Empty when the job says nothing.
 */
public record JobResources(Optional<String> cpu, Optional<String> memory) {
    public static final JobResources NONE = new JobResources(Optional.empty(), Optional.empty());

    public JobResources {
        cpu = cpu == null ? Optional.empty() : cpu;
        memory = memory == null ? Optional.empty() : memory;
    }

    public boolean isEmpty() {
        return cpu.isEmpty() && memory.isEmpty();
    }
}
