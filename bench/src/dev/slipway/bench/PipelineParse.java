package dev.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.pipeline.PipelineParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Parses pipeline files of 64, 128 and 256 KB (256 KB is PipelineParser.MAX_FILE_BYTES) of three shapes and prints
 * the median time of each, and the 256 KB / 64 KB ratio: about 4 when parsing is linear, 16 when quadratic.
 * "stock" reads the same text with Jackson's own YAMLFactory (SnakeYAML's sliding-window reader), which Slipway
 * used until 2026-12: its cost grows with the square of the longest line (a 10 MB comment took 98 s). A last table
 * reads 0.5 to 2 MB comment lines past the limit, where that square dominates.
 * Usage: bench/pipeline-parse [rounds]   (default 25)
 */
public final class PipelineParse {
    static final String HEAD = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps: [ "make" ]
                    artifact: [ "dist/" ]
            """;
    static final int[] SIZES_KB = {64, 128, 256};
    static final ObjectMapper STOCK = new ObjectMapper(new YAMLFactory());

    record Shape(String name, IntFunction<String> make) {}

    public static void main(String[] args) throws Exception {
        int rounds = Args.count(args, 0, "rounds", 25, 1);
        List<Shape> shapes = List.of(
                new Shape("one comment line", bytes -> fill(HEAD + "# ", "x", bytes - 1) + "\n"),
                new Shape("comment lines (80 chars)", bytes -> fill(HEAD, "# " + "c".repeat(77) + "\n", bytes)),
                new Shape("real content (jobs, steps)", PipelineParse::content));
        System.out.printf("pipeline-parse on %d cores, %s %s; median of %d rounds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds);
        System.out.printf("%-28s %8s %12s %12s%n", "file", "size", "slipway ms", "stock ms");
        String[][] texts = new String[shapes.size()][SIZES_KB.length];
        for (int s = 0; s < shapes.size(); s++) {
            for (int i = 0; i < SIZES_KB.length; i++) {
                texts[s][i] = shapes.get(s).make().apply(size(SIZES_KB[i]));
            }
        }
        warmUp(texts, rounds);
        for (int s = 0; s < shapes.size(); s++) {
            double[] ours = new double[SIZES_KB.length];
            double[] stock = new double[SIZES_KB.length];
            for (int i = 0; i < SIZES_KB.length; i++) {
                String text = texts[s][i];
                ours[i] = median(rounds, () -> new PipelineParser().parse(text));
                stock[i] = median(rounds, () -> STOCK.readTree(text));
                System.out.printf("%-28s %5d KB %12.2f %12.2f%n", shapes.get(s).name(),
                        text.getBytes(StandardCharsets.UTF_8).length / 1024, ours[i], stock[i]);
            }
            int last = SIZES_KB.length - 1;
            System.out.printf("%-28s %8s %11.1fx %11.1fx%n", "  ratio 256 KB / 64 KB", "",
                    ours[last] / ours[0], stock[last] / stock[0]);
        }
        beyondTheLimit();
    }

    /**
     * Past the limit, where the difference shows most: one comment line of 0.5, 1 and 2 MB through the YAML reading
     * step alone (YamlReader, which the size check guards), one timed round each after one warm-up.
     */
    static void beyondTheLimit() throws Exception {
        java.lang.reflect.Method read = Class.forName("dev.slipway.pipeline.YamlReader").getDeclaredMethod("read", String.class);
        read.setAccessible(true);
        System.out.printf("%nbeyond the limit: YAML reading only, one round%n%-28s %8s %12s %12s%n", "file", "size",
                "slipway ms", "stock ms");
        for (int kb : new int[] {512, 1024, 2048}) {
            String text = fill(HEAD + "# ", "x", kb * 1024 - 1) + "\n";
            read.invoke(null, text);
            STOCK.readTree(text);
            long start = System.nanoTime();
            read.invoke(null, text);
            double ours = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            STOCK.readTree(text);
            double stock = (System.nanoTime() - start) / 1e6;
            System.out.printf("%-28s %5d KB %12.2f %12.2f%n", "one comment line", kb, ours, stock);
        }
    }

    /** Every file through both parsers until the JIT has compiled them, so no figure pays for compilation. */
    static void warmUp(String[][] texts, int rounds) throws Exception {
        for (int round = 0; round < 2 * rounds; round++) {
            for (String[] shape : texts) {
                for (String text : shape) {
                    new PipelineParser().parse(text);
                    STOCK.readTree(text);
                }
            }
        }
    }

    /** Bytes the file may have: 256 KB is the limit itself. */
    static int size(int kb) {
        return Math.min(kb * 1024, PipelineParser.MAX_FILE_BYTES);
    }

    static String fill(String start, String unit, int bytes) {
        StringBuilder text = new StringBuilder(start);
        while (text.length() + unit.length() <= bytes) {
            text.append(unit);
        }
        return text.toString();
    }

    /** A real pipeline: one stage after another, each with jobs of several steps, until the size is reached. */
    static String content(int bytes) {
        StringBuilder text = new StringBuilder("stages:\n");
        String next = "";
        for (int stage = 0; text.length() + next.length() <= bytes; stage++) {
            text.append(next);
            StringBuilder s = new StringBuilder("  - name: stage-" + stage + "\n    jobs:\n");
            for (int job = 0; job < 4; job++) {
                s.append("      job-").append(stage).append('-').append(job).append(":\n        timeout: 10m\n        steps:\n");
                s.append("          - run: ./gradlew :module-").append(job).append(":test --info\n");
                s.append("          - \"echo 'stage ").append(stage).append(" job ").append(job).append(" done'\"\n");
            }
            next = s.toString();
        }
        return text.toString();
    }

    interface Work {
        Object run() throws Exception;
    }

    /** Median milliseconds of {@code rounds} timed runs. */
    static double median(int rounds, Work work) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            work.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
