package dev.slipway.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server starts isolated, or not at all unless its admin opted out; and its data directory is its alone. */
class StartupIsolationTest {
    @TempDir
    Path data;

    @Test
    void withoutBubblewrapTheServerRefusesToStartAndSaysWhatToDo() {
        assertThatThrownBy(() -> Startup.sandbox(true, data, data.resolve("no-such-bwrap")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("jobs and services cannot be isolated: " + data.resolve("no-such-bwrap") + " is missing")
                .hasMessageContaining("apt-get install bubblewrap").hasMessageContaining("--no-isolation")
                .hasMessageContaining("SLIPWAY_ISOLATION=off");
    }

    @Test
    void aBubblewrapThatFailsItsProbeStopsTheServerWithItsWords() {
        assertThatThrownBy(() -> Startup.sandbox(true, data, Path.of("/bin/false")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("a test run of /bin/false failed (/bin/false exited with code 1)")
                .hasMessageContaining("--no-isolation");
    }

    @Test
    void isolatedByDefaultUnconfinedOnlyWhenAskedFor() {
        assertThat(Startup.sandbox(true, data, Startup.BWRAP).isolates()).isTrue();
        assertThat(Startup.sandbox(false, data, data.resolve("no-such-bwrap")).isolates()).isFalse();
    }

    @Test
    void theDataDirectoryAndTheDatabaseFilesAreMadeTheServersAlone() throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = data.resolve("slipway.db");
        Files.writeString(data.resolve("slipway.db-wal"), "");
        Files.setPosixFilePermissions(data.resolve("slipway.db-wal"), PosixFilePermissions.fromString("rw-r--r--"));

        Startup.claimDataDir(data).close();
        Startup.privateDatabaseFiles(database);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("slipway.db-wal"))))
                .isEqualTo("rw-------");
    }
}
