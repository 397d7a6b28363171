package dev.slipway.bench;

import dev.slipway.artifact.BuildFacts;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.ProvenanceRepository;
import dev.slipway.artifact.Provenances;
import dev.slipway.signing.DsseEnvelope;
import dev.slipway.signing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issue 18's "signing time per artifact < 5 ms": the time of {@code Provenances.sign} — building the in-toto
 * statement (SLSA v1 predicate) of one artifact and signing it into a DSSE envelope with the server's Ed25519 key —
 * timed around that call alone, for many artifacts (each a different digest and commit), after an untimed warm-up.
 * Then the same for checking an envelope (signature, subject, builder), which promotions with
 * {@code require: [provenance]} pay. Prints median, p95, p99 and max in ms.
 * Usage: bench/provenance [iterations] [warm-up]   (defaults 20000, 5000)
 */
public final class ProvenanceSigning {
    public static void main(String[] args) throws Exception {
        int iterations = Args.count(args, 0, "iterations", 20000, 1);
        int warmUp = Args.count(args, 1, "warm-up", 5000, 0);
        Path data = Files.createTempDirectory("slipway-bench-provenance");
        try {
            SigningKeys keys = SigningKeys.loadOrCreate(data);
            InMemory stored = new InMemory();
            String url = "http://127.0.0.1:8080";
            Provenances provenances = new Provenances(stored, keys, app -> url + "/git/" + app + ".git", url);
            System.out.printf("provenance on %d cores, %s %s; %d artifacts timed after %d untimed%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), iterations, warmUp);
            List<Double> sign = new ArrayList<>(iterations);
            List<Double> check = new ArrayList<>(iterations);
            int bytes = 0;
            for (int i = -warmUp; i < iterations; i++) {
                BuildFacts facts = facts(i);
                long start = System.nanoTime();
                DsseEnvelope envelope = provenances.sign(facts);
                double signed = Stats.ms(start);
                stored.json = envelope.toJson();
                start = System.nanoTime();
                boolean ok = provenances.check("bench", facts.digest()).ok();
                double checked = Stats.ms(start);
                if (!ok) {
                    throw new IllegalStateException("an envelope just signed does not check: " + stored.json);
                }
                if (i >= 0) {
                    sign.add(signed);
                    check.add(checked);
                    bytes = stored.json.length();
                }
            }
            System.out.printf("%-34s %9s %9s %9s %9s%n", "", "median ms", "p95 ms", "p99 ms", "max ms");
            print("sign (statement + DSSE, Ed25519)", sign);
            print("check (parse, verify, subject)", check);
            System.out.printf("envelope: %d bytes of JSON; target: sign < 5 ms%n", bytes);
        } finally {
            Dirs.delete(data);
        }
    }

    private static void print(String what, List<Double> ms) {
        System.out.printf("%-34s %9.3f %9.3f %9.3f %9.3f%n", what, Stats.pct(ms, 50), Stats.pct(ms, 95),
                Stats.pct(ms, 99), Stats.pct(ms, 100));
    }

    private static BuildFacts facts(int i) {
        String commit = String.format("%040x", (long) i * 2654435761L & 0xffffffffffL);
        return new BuildFacts("bench", Digest.ofBytes(("artifact " + i).getBytes()), "http://127.0.0.1:8080/git/bench.git",
                "refs/heads/main", commit, "sha256:" + "a".repeat(64), List.of("compile"), Math.abs(i) + 1L,
                Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T10:01:00Z"), List.of());
    }

    /** The one envelope being checked: the bench times signing and checking, not the database. */
    private static final class InMemory implements ProvenanceRepository {
        String json;

        @Override
        public void record(String app, Digest digest, long run, String keyId, String envelope, Instant at) {
            json = envelope;
        }

        @Override
        public Optional<String> find(String app, Digest digest) {
            return Optional.ofNullable(json);
        }
    }
}
