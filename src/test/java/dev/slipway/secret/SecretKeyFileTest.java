package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeyFileTest {
    @TempDir
    Path data;

    @Test
    void theFirstStartCreatesAPrivateKeyAndLaterStartsLoadIt() throws Exception {
        SecretKey created = SecretKeyFile.loadOrCreate(data);
        Path file = data.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(created.getEncoded()).isEqualTo(Files.readAllBytes(file));
        assertThat(SecretKeyFile.loadOrCreate(data).getEncoded()).isEqualTo(created.getEncoded());
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.key"); // no temp file left
        }
    }

    @Test
    void keysAreRandom() throws Exception {
        Path other = Files.createDirectory(data.resolve("other"));
        assertThat(SecretKeyFile.loadOrCreate(data).getEncoded()).isNotEqualTo(SecretKeyFile.loadOrCreate(other).getEncoded());
    }

    @Test
    void aKeyOthersMayReadStopsTheServer() throws Exception {
        SecretKeyFile.loadOrCreate(data);
        Path file = data.resolve("secret.key");
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> SecretKeyFile.loadOrCreate(data))
                    .isInstanceOf(Problem.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(mode)
                    .hasMessageContaining("chmod 600");
        }
    }

    @Test
    void aKeyOfTheWrongSizeStopsTheServer() throws Exception {
        Path file = data.resolve("secret.key");
        Files.write(file, new byte[31]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SecretKeyFile.loadOrCreate(data))
                .isInstanceOf(Problem.class)
                .hasMessageContaining("31 bytes, not 32")
                .hasMessageContaining("backup");
        assertThat(Files.size(file)).isEqualTo(31); // never replaced: the old secrets need the old key
    }
}
