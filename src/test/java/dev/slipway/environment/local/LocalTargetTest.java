package dev.slipway.environment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile service on the local target, as the server runs it: it cannot read the server's data directory, another
 * app's deployment, the server's environment or its user's HOME; its secrets are masked in its log file as written;
 * and it is still a service: healthy on 127.0.0.1, stoppable, adoptable by the next server.
 */
class LocalTargetTest {
    /** A web server in perl-base alone: 200 "ok" to any request. */
    private static final String SERVE = """
            use IO::Socket::INET;
            my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ENV{PORT}, Listen => 5,
                ReuseAddr => 1) or die "cannot listen: $!";
            while (my $client = $server->accept) {
                my $request = <$client>;
                print $client "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok";
                close $client;
            }
            """;

    @TempDir
    Path root;
    private Path data;
    private Path serverHome;
    private LocalTarget target;
    private Digest digest;
    private final List<RunningService> started = new ArrayList<>();

    @BeforeEach
    void aDataDirectoryWithSecretsAnotherAppAndAnArtifact() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("admin.token"), "ADMIN-TOKEN-CONTENT\n");
        Files.writeString(data.resolve("secret.key"), "SECRET-KEY-CONTENT\n");
        Files.writeString(data.resolve("slipway.db"), "DATABASE-CONTENT\n");
        Files.writeString(Files.createDirectories(data.resolve("environments/other/production/deployment-1"))
                .resolve("victim.txt"), "OTHER-DEPLOYMENT-CONTENT\n");
        serverHome = Files.createDirectories(root.resolve("server-home"));
        Files.writeString(serverHome.resolve(".git-credentials"), "https://admin:GIT-CREDENTIALS-CONTENT@example.com\n");
        Path workspace = Files.createDirectories(root.resolve("workspace"));
        Files.writeString(workspace.resolve("serve.pl"), SERVE);
        ArtifactStore artifacts = new ArtifactStore(data.resolve("artifacts"));
        digest = artifacts.store(workspace, List.of("serve.pl")).digest();
        target = newTarget(artifacts);
    }

    private LocalTarget newTarget(ArtifactStore artifacts) {
        return new LocalTarget(data.resolve("environments"), artifacts, new PortAllocator(InetAddress.getLoopbackAddress()),
                TestSandbox.hiding(data, serverHome));
    }

    @AfterEach
    void stopAll() {
        started.forEach(target::stop);
    }

    private RunningService start(String command, Map<String, String> env, Set<String> secretNames) throws Exception {
        RunningService service = target.start(new DeployTarget.Start("app", "staging", 1, digest,
                new Launch(command, "/healthz", Duration.ofSeconds(30), Map.of()), env, secretNames, line -> { }));
        started.add(service);
        return service;
    }

    @Test
    void aServiceCannotReadTheServersSecretsAnotherAppTheServersEnvironmentOrItsHome() throws Exception {
        List<Path> forbidden = List.of(data.resolve("admin.token"), data.resolve("secret.key"), data.resolve("slipway.db"),
                data.resolve("environments/other/production/deployment-1/victim.txt"),
                Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "environ"),
                serverHome.resolve(".git-credentials"));
        String reads = forbidden.stream()
                .map(f -> "if cat '" + f + "'; then echo \"READ " + f + "\"; else echo \"DENIED " + f + "\"; fi")
                .collect(Collectors.joining("\n"));

        start(reads + "\necho \"home is $HOME\"\nexec perl serve.pl", Map.of(), Set.of());

        // the output reaches its file through the masking filter, a moment after the service answers
        String log = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.readString(target.logFile("app", "staging", 1)), text -> text.contains("home is "));
        for (Path file : forbidden) {
            assertThat(log).as(log).contains("DENIED " + file).doesNotContain("READ " + file);
        }
        assertThat(log).doesNotContain("ADMIN-TOKEN-CONTENT", "SECRET-KEY-CONTENT", "DATABASE-CONTENT",
                "OTHER-DEPLOYMENT-CONTENT", "GIT-CREDENTIALS-CONTENT")
                .contains("home is " + data.resolve("environments/app/staging/deployment-1"));
    }

    @Test
    void aServicesSecretIsMaskedInItsLogFileAsItIsWrittenAndTheFileIsTheServersAlone() throws Exception {
        String value = "sv-" + System.nanoTime();
        start("echo \"service sees $API_KEY\"; exec perl serve.pl", Map.of("API_KEY", value), Set.of("API_KEY"));

        Path log = target.logFile("app", "staging", 1);
        // the output reaches its file through the masking filter, a moment after the service answers
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.readString(log).contains("service sees "));
        assertThat(Files.readString(log)).contains("service sees ***").doesNotContain(value);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void aSandboxedServiceIsHealthyStoppableAndAdoptableByTheNextServer() throws Exception {
        RunningService service = start("exec perl serve.pl", Map.of(), Set.of());

        assertThat(ProcessHandle.of(service.pid()).flatMap(h -> h.info().command()))
                .as("the pid recorded is the sandbox's: it lives as long as the service").hasValueSatisfying(
                        command -> assertThat(command).endsWith("bwrap"));
        assertThat(target.answersHealth(service, "/healthz")).isTrue();
        LocalTarget next = newTarget(new ArtifactStore(data.resolve("artifacts")));
        assertThat(next.isAlive(service)).isTrue();
        List<ProcessHandle> tree = ProcessHandle.of(service.pid()).orElseThrow().descendants().toList();
        assertThat(tree).isNotEmpty();

        next.stop(service);

        assertThat(next.isAlive(service)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(target.answersHealth(service, "/healthz")).isFalse();
    }
}
