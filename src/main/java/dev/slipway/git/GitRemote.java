package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.app.AppRepository;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import java.util.Map;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.errors.RepositoryNotFoundException;

/** The built-in git remote: JGit's smart-HTTP servlet over the apps' bare repositories. */
public final class GitRemote {
    private final GitStore store;
    private final AppRepository apps;
    private final PushReceiver receiver;

    public GitRemote(GitStore store, AppRepository apps, PushReceiver receiver) {
        this.store = store;
        this.apps = apps;
        this.receiver = receiver;
    }

    public GitServlet servlet() {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver(this::resolve);
        servlet.setUploadPackFactory((HttpServletRequest request, Repository repo) -> {
            UploadPack pack = new UploadPack(repo);
            String protocol = request.getHeader("Git-Protocol"); // as JGit's default factory: version=2 and the like
            if (protocol != null) {
                pack.setExtraParameters(java.util.Arrays.asList(protocol.split(":")));
            }
            // the mirror's marks are its own bookkeeping, not the app's refs
            pack.setRefFilter(refs -> refs.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith(UpstreamSync.MARKS))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            return pack;
        });
        servlet.setReceivePackFactory((HttpServletRequest request, Repository repo) -> {
            ReceivePack pack = new ReceivePack(repo);
            String app = appOf(repo);
            String pusher = request.getRemoteUser(); // set by GitAccessFilter, which every request passes
            pack.setPreReceiveHook((rp, commands) -> receiver.checking(app, pusher, rp, commands));
            pack.setPostReceiveHook((rp, commands) -> receiver.received(app, pusher, rp, commands));
            return pack;
        });
        return servlet;
    }

    private Repository resolve(HttpServletRequest request, String name) throws RepositoryNotFoundException {
        String app = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
        if (apps.find(app).isEmpty()) {
            throw new RepositoryNotFoundException(name);
        }
        try {
            Repository repo = store.repository(app);
            repo.incrementOpen(); // the servlet closes what it resolves; our copy stays open
            return repo;
        } catch (Problem e) {
            throw new RepositoryNotFoundException(name);
        }
    }

    private static String appOf(Repository repo) {
        String dir = repo.getDirectory().getName();
        return dir.endsWith(".git") ? dir.substring(0, dir.length() - 4) : dir;
    }
}
