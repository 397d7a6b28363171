package dev.slipway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    private static final Instant T1 = Instant.parse("2026-12-04T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-04T11:00:00Z");

    @TempDir
    Path data;

    @Test
    void rotationKeepsEveryOldPublicKeyRetiredAcrossRestarts() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(data);
        SigningKey first = keys.current();
        byte[] message = "provenance".getBytes();
        byte[] signedByFirst = first.sign(message);

        SigningKey second = keys.rotate(T1);
        SigningKey third = keys.rotate(T2);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(keys.current().id()).isEqualTo(third.id());
        assertThat(keys.all()).extracting(PublicSigningKey::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(keys.all()).extracting(PublicSigningKey::current).containsExactly(true, false, false);
        assertThat(keys.find(first.id()).orElseThrow().retiredAt()).contains(T1);
        assertThat(keys.find(first.id()).orElseThrow().verifies(message, signedByFirst)).isTrue();

        SigningKeys reloaded = SigningKeys.loadOrCreate(data);
        assertThat(reloaded.current().id()).isEqualTo(third.id());
        assertThat(reloaded.all()).extracting(PublicSigningKey::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(reloaded.find(second.id()).orElseThrow().retiredAt()).contains(T2);
        assertThat(reloaded.find(first.id()).orElseThrow().verifies(message, signedByFirst)).isTrue();
        for (String name : new String[] {SigningKeyFile.NAME, SigningKeys.RETIRED}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file is left")
                    .containsExactlyInAnyOrder(SigningKeyFile.NAME, SigningKeys.RETIRED);
        }
    }

    @Test
    void aRotationCutShortAfterKeepingTheOldKeyLeavesTheOldKeyCurrent() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(data);
        SigningKey current = keys.current();
        // what a crash between the two writes leaves: the current key already listed as retired
        Files.writeString(data.resolve(SigningKeys.RETIRED), "retired " + current.id() + " " + T1 + "\n"
                + current.publicKeyPem());
        SigningKeys after = SigningKeys.loadOrCreate(data);
        assertThat(after.current().id()).isEqualTo(current.id());
        assertThat(after.all()).extracting(PublicSigningKey::id).containsExactly(current.id());
        assertThat(after.all().get(0).current()).isTrue();
        SigningKey next = after.rotate(T2);
        assertThat(SigningKeys.loadOrCreate(data).all()).extracting(PublicSigningKey::id)
                .containsExactly(next.id(), current.id());
    }
}
