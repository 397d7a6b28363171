package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
    @TempDir
    Path root;
    private final List<Spawned> started = new ArrayList<>();

    @AfterEach
    void leaveNothingRunning() {
        started.forEach(s -> ProcessTree.kill(s.id(), Duration.ZERO));
    }

    private Spawned start(Sandbox sandbox, String script, Cell cell, Map<String, String> env, Redirect output)
            throws IOException {
        Spawned spawned = sandbox.start(script, cell, env, output);
        started.add(spawned);
        return spawned;
    }

    private Cell service(String name) throws IOException {
        return Cell.homeInDirectory(Files.createDirectories(root.resolve("data/environments/app/" + name)),
                Cell.Lifetime.OUTLIVES_SERVER);
    }

    @Test
    void aServicesSecretsAreMaskedInItsLogFileAsTheyAreWrittenAndTheFileIsTheServersAlone() throws Exception {
        Path log = root.resolve("service.log");
        String value = "sv-" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        Spawned spawned = start(TestSandbox.hiding(root.resolve("data")), """
                echo "key $API_KEY, pem $PEM"
                printf 'second line of the pem: %s\\n' "${PEM#*$'\\n'}"
                echo "short $SHORT, config $COLOUR"
                env | grep -c SLIPWAY_MASKED_VARIABLES
                printf 'no newline at the end %s' "$API_KEY" >&2
                exit 7
                """, service("staging"),
                Map.of("API_KEY", value, "PEM", "-----BEGIN-----\nline-" + value + "\n-----END-----", "SHORT", "ab",
                        "COLOUR", "blue"),
                new Redirect.ToFile(log, true, Set.of("API_KEY", "PEM", "SHORT")));

        assertThat(spawned.waitFor()).as("the command's own exit code").isEqualTo(7);
        String written = Files.readString(log);
        assertThat(written).doesNotContain(value).contains("key ***, pem ***\n")
                .contains("second line of the pem: ***\n").contains("short ab, config blue\n")
                .contains("0\n").endsWith("no newline at the end ***");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void aServiceLogFileFromBeforeIsMadeTheServersAlone() throws Exception {
        Path log = Files.writeString(root.resolve("old.log"), "old\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        Spawned spawned = start(TestSandbox.hiding(root.resolve("data")), "echo new", service("old"), Map.of(),
                new Redirect.ToFile(log, true));

        assertThat(spawned.waitFor()).isZero();
        assertThat(log).hasContent("old\nnew");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void stoppingAServiceEndsEveryProcessInItsSandboxEvenOnesThatIgnoreSigterm() throws Exception {
        String marker = "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Spawned spawned = start(TestSandbox.hiding(root.resolve("data")), """
                ( trap '' TERM; exec sleep %1$s1 ) &
                ( ( setsid sleep %1$s2 & ) & )
                echo "pid $$"; trap '' TERM; exec sleep %1$s3
                """.formatted(marker), service("stubborn"), Map.of(), new Redirect.ToLines(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> processesWith(marker).size() == 3);
        assertThat(lines).as("in its own PID namespace, under bwrap's init").contains("pid 2");

        ProcessTree.kill(spawned.id(), Duration.ofMillis(200));

        assertThat(spawned.id().isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> processesWith(marker).isEmpty());
    }

    @Test
    void aCommandGetsOnlyPathTheLocaleAndTzOfTheServersEnvironment() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sandbox sandbox = Sandbox.isolating(TestSandbox.BWRAP, List.of(root.resolve("data")), Map.of(
                "PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "LC_TIME", "C", "TZ", "UTC",
                "SLIPWAY_ADMIN_TOKEN", "slw_secret", "AWS_SECRET_ACCESS_KEY", "aws", "HOME", "/root"));
        Spawned spawned = start(sandbox, "env | cut -d= -f1 | sort | tr '\\n' ' '", service("env"), Map.of("PORT", "1"),
                new Redirect.ToLines(lines::add));

        assertThat(spawned.waitFor()).isZero();
        assertThat(lines).containsExactly("HOME LANG LC_TIME PATH PORT PWD SHLVL TMPDIR TZ _ ");
    }

    @Test
    void theProbeRefusesABwrapThatDoesNotRunOrDoesNotHide() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        assertThatThrownBy(() -> Sandbox.isolating(Path.of("/bin/false"), List.of(data), Map.of()).probe(data))
                .isInstanceOf(IOException.class).hasMessageContaining("/bin/false exited with code 1");

        Path fake = root.resolve("fake-bwrap");
        Files.writeString(fake, "#!/bin/sh\nwhile [ \"$1\" != -- ]; do shift; done; shift; exec \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> Sandbox.isolating(fake, List.of(data), Map.of()).probe(data))
                .isInstanceOf(IOException.class).hasMessageContaining("a hidden file is visible");

        TestSandbox.hiding(data).probe(data);
        try (var left = Files.list(data)) {
            assertThat(left).as("the probe cleans up").isEmpty();
        }
    }

    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/sleep")
                        && h.info().commandLine().orElse("").contains(marker))
                .toList();
    }
}
