package dev.slipway.image;

import dev.slipway.artifact.LayerPath;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a job's {@code image:} says: either how Slipway builds the image (a base, workspace files placed in one layer,
 * and the run settings) or, with {@code pushed}, the repository name under the app that the job pushes it to itself.
 * Lists and maps keep the order of the pipeline file, so the same file always gives the same configuration.
 */
public record ImageRecipe(BaseImage base, List<LayerPath> files, List<String> entrypoint, List<String> cmd,
                          Map<String, String> env, Optional<String> workdir, Optional<String> user, OptionalInt port,
                          Map<String, String> labels, Optional<String> pushed) {
    public ImageRecipe {
        Objects.requireNonNull(base, "base");
        files = List.copyOf(files);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }

    /** An image the job pushes itself as {@code APP/name} ({@code APP} when the name is empty). */
    public static ImageRecipe pushed(String name) {
        return new ImageRecipe(BaseImage.scratch(), List.of(), null, null, Map.of(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Map.of(), Optional.of(name));
    }

    public boolean isPushed() {
        return pushed.isPresent();
    }

    /** The repository the image lands in: the app's own, or {@code APP/NAME} for a named pushed image. */
    public String repository(String app) {
        return pushed.filter(name -> !name.isEmpty()).map(name -> app + "/" + name).orElse(app);
    }
}
