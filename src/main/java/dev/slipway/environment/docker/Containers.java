package dev.slipway.environment.docker;

import dev.slipway.target.docker.DockerEngine;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's containers as the Docker target asks about them: inspected by id (empty once gone), listed by
 * Slipway's labels (running or not), removed whatever their state; and the engine's own words when it refuses.
 */
final class Containers {
    private final DockerClient docker;

    Containers(DockerClient docker) {
        this.docker = docker;
    }

    Optional<InspectContainerResponse> inspect(String container) {
        try {
            return Optional.of(docker.inspectContainerCmd(container).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    Optional<InspectContainerResponse.ContainerState> state(String container) {
        return inspect(container).map(InspectContainerResponse::getState);
    }

    /** Slipway's containers (those with an app label) that also carry every label given (a null value: any). */
    List<Container> labelled(Map<String, String> labels) {
        Map<String, String> filter = new LinkedHashMap<>(labels);
        filter.putIfAbsent(ContainerLabels.APP, null);
        List<String> terms = filter.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue()).toList();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(terms).exec();
    }

    /** Removes the container, running or not, and returns once it is gone (see {@link DockerEngine#forceRemove}). */
    void forceRemove(String container) {
        DockerEngine.forceRemove(docker, container);
    }

    /** Removes the container of exactly this name, if there is one (the engine's name filter matches parts). */
    void removeByName(String name) {
        docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec().stream()
                .filter(c -> List.of(c.getNames()).contains("/" + name))
                .forEach(c -> forceRemove(c.getId()));
    }

    static int exitCodeOf(InspectContainerResponse.ContainerState state) {
        Long code = state.getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    /** The container's {@code PORT} variable; 0 if it has none. */
    static int portOf(InspectContainerResponse container) {
        for (String variable : container.getConfig().getEnv()) {
            if (variable.startsWith("PORT=")) {
                return Integer.parseInt(variable.substring("PORT=".length()));
            }
        }
        return 0;
    }

}
