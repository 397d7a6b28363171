package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway sbom APP RUN [--job JOB] [-o FILE]}: the SBOM kept with a run's artifact, as the job wrote it — to
 * stdout, or into FILE (written beside it and renamed into place: an interrupted download leaves no half file).
 */
@Command(name = "sbom", description = "Download the SBOM (CycloneDX JSON) kept with a run's artifact",
        mixinStandardHelpOptions = true)
final class SbomCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "RUN", description = "Run number")
    long run;

    @Option(names = "--job", paramLabel = "JOB", description = "The job whose SBOM, when several jobs wrote one")
    String job;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it to FILE instead of stdout")
    Path output;

    @Override
    public Integer call() {
        String path = ApiClient.withQuery(ApiClient.appPath(app) + "/runs/" + run + "/sbom", "job", job);
        try (InputStream body = global.api().stream(path, "application/vnd.cyclonedx+json")) {
            if (output == null) {
                global.out().print(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                global.out().flush();
                return 0;
            }
            Path target = output.toAbsolutePath();
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            global.err().println("wrote the SBOM of run #" + run + " of " + app + " to " + output
                    + " (" + Files.size(target) + " bytes)");
            return 0;
        } catch (IOException e) {
            throw CliException.refused("cannot write the SBOM" + (output == null ? "" : " to " + output) + ": " + e
                    + (output == null ? "" : "; check that its directory exists and is writable"));
        }
    }
}
