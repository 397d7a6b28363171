package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.Trees;
import dev.slipway.forge.FollowCredentials;
import dev.slipway.forge.Forge;
import dev.slipway.forge.RepositoryUrls;
import dev.slipway.forge.Upstream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * A connection to a followed repository with the app's credentials: HTTPS with the token as the password, or SSH with
 * the app's key, trusting only the host keys the admin pinned. The key and pinned keys are written to a directory of
 * their own under the data directory (0700) for the length of one connection, then deleted.
 */
final class UpstreamTransport implements AutoCloseable {
    private static final int TIMEOUT_SECONDS = 30;

    private final Transport transport;
    private final Path sshDir;
    private final SshdSessionFactory sshFactory;

    private UpstreamTransport(Transport transport, Path sshDir, SshdSessionFactory sshFactory) {
        this.transport = transport;
        this.sshDir = sshDir;
        this.sshFactory = sshFactory;
    }

    static UpstreamTransport open(Repository repo, Upstream upstream, FollowCredentials credentials, Path scratch) {
        URIish uri = uri(upstream.url());
        Path sshDir = null;
        SshdSessionFactory factory = null;
        try {
            // no repository: only the refs are listed (a probe before the app exists)
            Transport transport = repo == null ? Transport.open(uri) : Transport.open(repo, uri);
            transport.setTimeout(TIMEOUT_SECONDS);
            transport.setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS);
            if (transport instanceof SshTransport ssh) {
                sshDir = sshDirectory(scratch, upstream, credentials);
                factory = sshFactory(sshDir);
                ssh.setSshSessionFactory(factory);
            } else if (credentials.token().isPresent()) {
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                        tokenUser(upstream.forge()), credentials.token().get()));
            }
            return new UpstreamTransport(transport, sshDir, factory);
        } catch (IOException e) {
            delete(sshDir);
            throw Problem.invalid("cannot reach " + upstream.url() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            delete(sshDir);
            throw e;
        }
    }

    Transport transport() {
        return transport;
    }

    /** The user name each forge expects beside a token (GitHub app and PATs, GitLab OAuth/PATs; Gitea takes any). */
    static String tokenUser(Optional<Forge> forge) {
        return forge.map(f -> switch (f) {
            case GITHUB -> "x-access-token";
            case GITLAB -> "oauth2";
            case GITEA -> "slipway";
        }).orElse("slipway");
    }

    /**
     * http(s), ssh and scp-like URLs, and git:// (read-only); never a local path or file://, which would let the URL
     * read the server's own disk. A password in the URL is refused: tokens are secrets, given apart.
     */
    static URIish uri(String url) {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw Problem.invalid("--from '" + url + "' is not a repository URL: " + e.getMessage()
                    + " (use https://HOST/OWNER/REPO.git or ssh://git@HOST/OWNER/REPO.git)");
        }
        String scheme = uri.getScheme();
        boolean scpLike = scheme == null && uri.getHost() != null;
        if (!scpLike && !List.of("http", "https", "ssh", "git").contains(scheme == null ? "" : scheme)) {
            throw Problem.invalid("--from '" + url + "' must be an https://, http://, ssh:// or git:// URL (or "
                    + "user@host:path): Slipway does not follow repositories on its own disk");
        }
        if (uri.getPass() != null) {
            throw Problem.invalid("--from '" + url.replace(uri.getPass(), "***") + "' holds a password: give the URL "
                    + "without it and the token with --token-file FILE (kept as a secret)");
        }
        return uri;
    }

    /**
     * A token goes only where it is protected on the way: never over git:// (which carries no credentials at all) and
     * over plain http:// only to this machine. Checked when an app starts following, before anything is stored.
     */
    static void checkTokenTravels(String url, FollowCredentials credentials) {
        if (credentials.token().isEmpty()) {
            return;
        }
        URIish uri = uri(url);
        if ("git".equals(uri.getScheme())) {
            throw Problem.invalid("--from '" + url + "' is a git:// URL, which carries no credentials: leave out "
                    + "--token-file, or give the repository's https:// URL (nothing was created)");
        }
        if ("http".equals(uri.getScheme()) && !RepositoryUrls.loopback(uri.getHost())) {
            throw Problem.invalid("--from '" + url + "' is plain http://: the token would cross the network in clear. "
                    + "Give the repository's https:// URL (http:// is taken with a token only for this machine: "
                    + "localhost, 127.0.0.1, ::1); nothing was created");
        }
    }

    static boolean isSsh(String url) {
        URIish uri = uri(url);
        return uri.getScheme() == null || "ssh".equals(uri.getScheme());
    }

    private static Path sshDirectory(Path scratch, Upstream upstream, FollowCredentials credentials) throws IOException {
        if (credentials.sshKey().isEmpty()) {
            throw Problem.invalid(upstream.url() + " is an SSH URL and " + upstream.app() + " has no SSH key: give it with "
                    + "--ssh-key-file FILE (an existing app: `slipway secret set " + upstream.app()
                    + " FORGE_SSH_KEY --app-wide < KEYFILE`)");
        }
        if (upstream.knownHosts().isEmpty()) {
            throw Problem.invalid(upstream.url() + " is an SSH URL and no host key is pinned for it: give the server's "
                    + "keys with --known-hosts-file FILE (e.g. from `ssh-keyscan HOST`, checked by you)");
        }
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "ssh-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        write(dir.resolve("key"), credentials.sshKey().get().strip() + "\n");
        write(dir.resolve("known_hosts"), upstream.knownHosts().get().strip() + "\n");
        write(dir.resolve("config"), "Host *\n  StrictHostKeyChecking yes\n  IdentitiesOnly yes\n"
                + "  IdentityFile " + dir.resolve("key") + "\n  UserKnownHostsFile " + dir.resolve("known_hosts") + "\n");
        return dir;
    }

    private static SshdSessionFactory sshFactory(Path dir) {
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(dir.toFile())
                .setSshDirectory(dir.toFile())
                .setConfigFile(home -> dir.resolve("config").toFile())
                .setDefaultKnownHostsFiles(home -> List.of(dir.resolve("known_hosts")))
                .setDefaultIdentities(home -> List.of(dir.resolve("key")))
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    @Override
    public void close() {
        transport.close();
        if (sshFactory != null) {
            sshFactory.close();
        }
        delete(sshDir);
    }

    private static void delete(Path dir) {
        if (dir != null) {
            Trees.delete(dir);
        }
    }
}
