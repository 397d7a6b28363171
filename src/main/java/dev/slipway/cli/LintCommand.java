package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiBodies.Lint;
import dev.slipway.cli.ApiBodies.LintProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway lint [FILE]}: the server checks a pipeline file as a push would, before anything is pushed. Only the
 * file's first 256 KB + 1 byte travel (with its size): a larger file is refused at the limit without being sent.
 */
@Command(name = "lint", description = "Check a pipeline file as a push would, before pushing", mixinStandardHelpOptions = true)
final class LintCommand implements Callable<Integer> {
    /** What the server reads at most: PipelineParser.MAX_FILE_BYTES + 1, enough to say where the limit is crossed. */
    static final int HEAD_BYTES = 256 * 1024 + 1;

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = ".slipway.yml",
            description = "The pipeline file (default: .slipway.yml in the current directory)")
    Path file;

    @Override
    public Integer call() {
        byte[] head = head();
        long size = size();
        ApiClient api = global.api();
        JsonNode body = api.post(ApiClient.withQuery("/api/v1/lint", "size", Long.toString(size)), head,
                "application/yaml");
        Lint lint = api.read(body, Lint.class);
        if (!json.printed(global.out(), body)) {
            print(lint, new String(head, StandardCharsets.UTF_8));
        }
        return lint.valid() ? 0 : SlipwayCli.EXIT_REFUSED;
    }

    private void print(Lint lint, String text) {
        PrintWriter out = global.out();
        if (lint.valid()) {
            out.println(file + ": valid");
            lint.summary().forEach(line -> out.println("  " + line));
            return;
        }
        LintProblem problem = lint.error();
        out.println(file + ":" + problem.line() + ":" + problem.column() + ": " + problem.problem());
        List<String> lines = text.lines().toList();
        if (problem.line() >= 1 && problem.line() <= lines.size()) {
            String gutter = String.valueOf(problem.line());
            String source = lines.get(problem.line() - 1);
            if (source.length() <= 200) {
                out.println(" " + gutter + " | " + source);
                out.println(" " + " ".repeat(gutter.length()) + " | " + " ".repeat(Math.max(0, problem.column() - 1)) + "^");
            }
        }
    }

    private byte[] head() {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (NoSuchFileException e) {
            throw CliException.refused("no file " + file + ": give the pipeline file's path "
                    + "(slipway lint path/to/.slipway.yml) or run this where .slipway.yml is");
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private CliException unreadable(IOException e) {
        return CliException.refused("cannot read " + file + ": " + e.getMessage());
    }
}
