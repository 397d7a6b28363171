package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.pipeline.PipelineLint;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code POST /api/v1/lint}: a pipeline file's text as the body, checked as a push would check it. At most the limit
 * + 1 bytes are read; a caller that sends only the head of a larger file says its whole size in {@code ?size=}.
 * The answer is 200 either way: {@code valid}, a summary, or the error with its line and column.
 */
public final class LintApi {
    private final PipelineLint lint;

    public LintApi(PipelineLint lint) {
        this.lint = lint;
    }

    record LintView(boolean valid, List<String> summary, PipelineLint.Problem error) {}

    public void register(Routes routes) {
        routes.post("/api/v1/lint", Permission.authenticated(), ctx -> {
            byte[] head;
            try (InputStream body = ctx.bodyInputStream()) {
                head = body.readNBytes(PipelineParser.MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the request body", e);
            }
            long size = Math.max(head.length, Math.max(ctx.contentLength(), sizeParam(ctx.queryParam("size"))));
            PipelineLint.Result result = lint.lint(head, size);
            ctx.json(new LintView(result.valid(), result.summary(), result.problem().orElse(null)));
        });
    }

    private static long sizeParam(String text) {
        if (text == null) {
            return -1;
        }
        try {
            long size = Long.parseLong(text);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.invalid("size must be the file's size in bytes (a whole number, 0 or more), got '" + text + "'");
    }
}
