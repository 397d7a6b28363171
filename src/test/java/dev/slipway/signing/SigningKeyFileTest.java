package dev.slipway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {
    @TempDir
    Path data;

    @Test
    void theFirstStartCreatesAPrivateKeyPairAndLaterStartsLoadIt() throws Exception {
        SigningKey created = SigningKeyFile.loadOrCreate(data);
        Path file = data.resolve("signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String text = Files.readString(file);
        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n").contains(created.publicKeyPem());
        assertThat(created.id()).matches("[0-9a-f]{16}");
        assertThat(created.publicKeyRaw()).hasSize(32);
        SigningKey loaded = SigningKeyFile.loadOrCreate(data);
        assertThat(loaded.id()).isEqualTo(created.id());
        byte[] message = "seq:1".getBytes(StandardCharsets.US_ASCII);
        assertThat(created.verifies(message, loaded.sign(message))).isTrue();
        assertThat(created.verifies("seq:2".getBytes(StandardCharsets.US_ASCII), loaded.sign(message))).isFalse();
        assertThat(created.verifies(message, new byte[3])).as("junk verifies nothing").isFalse();
        assertThat(loaded.toString()).doesNotContain(text.substring(28, 60));
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("signing.key"); // no temp file left
        }
    }

    @Test
    void serversStartingAtOnceShareOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SigningKey>> starts = pool.invokeAll(List.<Callable<SigningKey>>of(
                    () -> SigningKeyFile.loadOrCreate(data), () -> SigningKeyFile.loadOrCreate(data),
                    () -> SigningKeyFile.loadOrCreate(data), () -> SigningKeyFile.loadOrCreate(data)));
            Set<String> ids = new HashSet<>();
            for (Future<SigningKey> start : starts) {
                ids.add(start.get().id());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyOthersMayReadStopsTheServer() throws Exception {
        SigningKeyFile.loadOrCreate(data);
        Path file = data.resolve("signing.key");
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data)).isInstanceOf(Problem.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(mode).hasMessageContaining("chmod 600");
        }
    }

    @Test
    void aDamagedOrMismatchedKeyStopsTheServerAndIsNeverReplaced() throws Exception {
        Path file = data.resolve("signing.key");
        Files.writeString(file, "not a key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data)).isInstanceOf(Problem.class)
                .hasMessageContaining("is damaged: it has no PUBLIC KEY block").hasMessageContaining("backup");
        assertThat(Files.readString(file)).isEqualTo("not a key\n");

        Path a = Files.createDirectory(data.resolve("a"));
        Path b = Files.createDirectory(data.resolve("b"));
        SigningKeyFile.loadOrCreate(a);
        SigningKey other = SigningKeyFile.loadOrCreate(b);
        String mixed = Files.readString(a.resolve("signing.key"));
        mixed = mixed.substring(0, mixed.indexOf("-----BEGIN PUBLIC KEY-----")) + other.publicKeyPem();
        Files.writeString(file, mixed);
        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data)).isInstanceOf(Problem.class)
                .hasMessageContaining("its public key does not belong to its private key");
    }
}
