package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway images APP}: the app's images in Slipway's registry — tags, digest, size, age, where live. */
@Command(name = "images", description = "List an app's images in Slipway's registry, newest first", mixinStandardHelpOptions = true)
final class ImagesCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    record Image(String repository, String digest, String mediaType, long size, String sizeLabel, int layers, List<String> tags,
                 List<String> liveIn, Long run, String pushedBy, String createdAt, String pull) {}

    record ImageList(String app, String registry, List<Image> images) {}

    @Override
    public Integer call() {
        ImageList images = json.read(global, ApiClient.appPath(app) + "/images", ImageList.class);
        if (images == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (images.images().isEmpty()) {
            out.println("No images of " + app + " yet: declare image: in a job of its pipeline, or push one to "
                    + images.registry() + "/" + app);
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("REPOSITORY", "TAGS", "DIGEST", "SIZE", "LAYERS", "RUN", "AGE", "LIVE IN");
        for (Image image : images.images()) {
            table.row(image.repository(), image.tags().isEmpty() ? Formats.orNone(null) : String.join(", ", image.tags()),
                    Formats.digest(image.digest()), image.sizeLabel(), String.valueOf(image.layers()),
                    image.run() == null ? "pushed by " + image.pushedBy() : "#" + image.run(),
                    Formats.age(image.createdAt(), now), image.liveIn().isEmpty() ? Formats.orNone(null)
                            : String.join(", ", image.liveIn()));
        }
        table.print(out);
        out.println();
        out.println("Pull one by digest: " + images.images().get(0).pull());
        return 0;
    }
}
