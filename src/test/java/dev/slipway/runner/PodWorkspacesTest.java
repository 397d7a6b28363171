package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pod may send back: its workspace, nothing outside it — not by a path, not by a link, not by a later entry
 * through an earlier entry's link — and a refused tar leaves the workspace as it was. What it fetches round-trips.
 */
class PodWorkspacesTest {
    @TempDir
    Path root;
    Path workspace;
    final PodWorkspaces workspaces = new PodWorkspaces();

    @BeforeEach
    void aWorkspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("work/shop/7/build"));
        Files.writeString(workspace.resolve("kept.txt"), "KEPT");
    }

    @Test
    void aLaterEntryCannotWriteOutThroughAnEarlierEntrysLinks() throws IOException {
        byte[] linkAfterLink = tar(t -> {
            link(t, "./d", ".");          // harmless alone: the workspace itself
            link(t, "./e", "d/..");       // reads as the workspace, is its parent
            file(t, "./e/escaped.txt", "OUT");
        });
        byte[] linkBeforeItsTarget = tar(t -> {
            link(t, "./e", "d/..");       // d does not exist yet: nothing to follow
            link(t, "./d", ".");          // now e is the parent
            file(t, "./e/escaped.txt", "OUT");
        });
        for (byte[] tar : new byte[][] {linkAfterLink, linkBeforeItsTarget}) {
            try (PodWorkspaces.Open open = workspaces.open("shop", 7, "build", workspace, 1 << 20)) {
                assertThatThrownBy(() -> workspaces.receive("shop", 7, "build", new ByteArrayInputStream(tar)))
                        .isInstanceOf(Problem.class).hasMessageContaining("outside");
                assertThat(open.received()).isFalse();
            }
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
        }
        assertThat(workspace.resolve("kept.txt")).hasContent("KEPT");
    }

    @Test
    void anAbsoluteOrParentPathOrALinkOutIsRefused() throws IOException {
        for (byte[] tar : new byte[][] {
                tar(t -> file(t, "./../../../escaped.txt", "OUT")),
                tar(t -> link(t, "./out", "/etc")),
                tar(t -> link(t, "./out", "../../x"))}) {
            try (PodWorkspaces.Open open = workspaces.open("shop", 7, "build", workspace, 1 << 20)) {
                assertThatThrownBy(() -> workspaces.receive("shop", 7, "build", new ByteArrayInputStream(tar)))
                        .isInstanceOf(Problem.class).hasMessageContaining("outside");
            }
        }
        assertThat(workspace.resolve("kept.txt")).hasContent("KEPT");
        assertThat(workspace.resolve("out")).doesNotExist();
    }

    @Test
    void whatItFetchesComesBackTheSameWithLinksAndTheExecuteBit() throws IOException {
        Files.createDirectories(workspace.resolve("bin"));
        Path tool = Files.writeString(workspace.resolve("bin/tool"), "#!/bin/sh\n");
        tool.toFile().setExecutable(true);
        Files.createSymbolicLink(workspace.resolve("tool"), Path.of("bin/tool"));
        ByteArrayOutputStream fetched = new ByteArrayOutputStream();
        try (PodWorkspaces.Open open = workspaces.open("shop", 7, "build", workspace, 1 << 20)) {
            workspaces.send("shop", 7, "build", fetched);
            Files.delete(workspace.resolve("kept.txt"));
            workspaces.receive("shop", 7, "build", new ByteArrayInputStream(fetched.toByteArray()));
            assertThat(open.received()).isTrue();
        }
        assertThat(workspace.resolve("kept.txt")).hasContent("KEPT");
        assertThat(Files.readSymbolicLink(workspace.resolve("tool"))).isEqualTo(Path.of("bin/tool"));
        assertThat(Files.isExecutable(workspace.resolve("bin/tool"))).isTrue();
    }

    @Test
    void aJobNotRunningAsAPodHasNoWorkspaceHere() {
        assertThatThrownBy(() -> workspaces.send("shop", 7, "build", new ByteArrayOutputStream()))
                .isInstanceOf(Problem.class).hasMessageContaining("not running as a pod now");
        workspaces.open("shop", 7, "build", workspace, 10).close();
        assertThatThrownBy(() -> workspaces.receive("shop", 7, "build", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(Problem.class).extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.NOT_FOUND);
    }

    interface Entries {
        void add(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            entries.add(tar);
        }
        return bytes.toByteArray();
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
