package dev.slipway.git;

import dev.slipway.forge.BranchFilter;
import dev.slipway.forge.PushHint;
import dev.slipway.forge.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;

/**
 * One look at a followed repository: its refs are listed (cheap), and only when one differs from what the mirror last
 * acted on (the marks under {@code refs/upstream/}) are the changed refs fetched and acted on, each as a push to
 * Slipway's own remote would be. A mark moves only after its event was handled, so a crash in between means the
 * change is handled again on the next look, never lost. {@code refs/heads/env/*} upstream is never taken: those refs
 * are Slipway's record of its environments.
 */
final class UpstreamSync {
    static final String MARKS = "refs/upstream/";
    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";
    /** Who moved a ref when no webhook says so (a poll, or a webhook the fetch did not bear out). */
    static final String UNKNOWN_PUSHER = "forge:unknown";

    /** A ref that differs from its mark: {@code to} null when it is gone upstream. */
    record Change(String ref, ObjectId from, ObjectId to) {}

    private final Repository repo;
    private final Upstream upstream;
    private final RefEvents events;
    private final Predicate<String> followed;
    private final List<String> lines = new ArrayList<>();
    private long fetchNanos;

    UpstreamSync(Repository repo, Upstream upstream, RefEvents events) {
        this.repo = repo;
        this.upstream = upstream;
        this.events = events;
        this.followed = BranchFilter.of(upstream.branchFilter());
    }

    /** The upstream's refs as it advertises them now. */
    static Map<String, ObjectId> listRefs(UpstreamTransport transport) {
        try (FetchConnection connection = transport.transport().openFetch()) {
            Map<String, ObjectId> refs = new TreeMap<>();
            for (Ref ref : connection.getRefs()) {
                if (ref.getObjectId() != null && !ref.getName().endsWith("^{}")) {
                    refs.put(ref.getName(), ref.getObjectId());
                }
            }
            return refs;
        } catch (IOException e) {
            throw new UpstreamUnreachable("cannot list the refs of " + transport.transport().getURI()
                    .setPass(null) + ": " + e.getMessage(), e);
        }
    }

    /** Thrown when the upstream cannot be reached or read: the look changes nothing and is tried again. */
    static final class UpstreamUnreachable extends RuntimeException {
        UpstreamUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What differs between the upstream's refs and the marks, branches before tags. */
    List<Change> changes(Map<String, ObjectId> remote) {
        Map<String, ObjectId> wanted = new LinkedHashMap<>();
        remote.forEach((ref, id) -> {
            // env/ refs are compared too, so that each is reported once per change, never taken
            if (ref.startsWith(PromotionRefs.ENV_PREFIX) || ref.startsWith(TAGS)
                    || (ref.startsWith(HEADS) && followed.test(ref.substring(HEADS.length())))) {
                wanted.put(ref, id);
            }
        });
        Map<String, ObjectId> marks = marks();
        List<Change> changes = new ArrayList<>();
        wanted.forEach((ref, id) -> {
            ObjectId mark = marks.get(ref);
            if (!id.equals(mark)) {
                changes.add(new Change(ref, mark, id));
            }
        });
        marks.forEach((ref, id) -> {
            if (!wanted.containsKey(ref)) {
                changes.add(new Change(ref, id, null));
            }
        });
        changes.sort((a, b) -> Boolean.compare(a.ref().startsWith(TAGS), b.ref().startsWith(TAGS)));
        return changes;
    }

    /**
     * Fetches what changed and acts on each change. {@code first}: the look made when the app was created, which
     * builds its branches but promotes no tag (tags already there were pushed before Slipway followed the
     * repository). Returns what it did, a line each.
     */
    List<String> apply(UpstreamTransport transport, List<Change> changes, Optional<PushHint> hint, boolean first) {
        Map<String, ObjectId> fetched = fetch(transport, changes);
        for (Change change : changes) {
            ObjectId to = change.to() == null ? null : fetched.getOrDefault(change.ref(), change.to());
            String pusher = pusherOf(change.ref(), to, hint);
            if (ignored(change.ref())) {
                if (to != null) {
                    lines.add("upstream branch " + change.ref().substring(HEADS.length()) + " ignored: env/ refs name "
                            + "what runs in Slipway's environments and are moved only by promotions pushed to Slipway's "
                            + "own remote");
                }
            } else if (change.ref().startsWith(HEADS)) {
                branch(change.ref().substring(HEADS.length()), to, pusher);
            } else {
                tag(change.ref().substring(TAGS.length()), to, pusher, first);
            }
            mark(change.ref(), to);
        }
        return lines;
    }

    /** How long the fetch of the changed refs took (0 when nothing was fetched). */
    long fetchNanos() {
        return fetchNanos;
    }

    private static boolean ignored(String ref) {
        return ref.startsWith(PromotionRefs.ENV_PREFIX);
    }

    private void branch(String branch, ObjectId to, String pusher) {
        String ref = HEADS + branch;
        if (to == null) {
            move(ref, null);
            lines.addAll(events.branchDeleted(upstream.app(), branch, pusher));
            return;
        }
        ObjectId old = current(ref);
        move(ref, to);
        lines.addAll(events.branchMoved(upstream.app(), branch, old == null ? null : old.name(), to.name(), pusher));
    }

    private void tag(String tag, ObjectId to, String pusher, boolean first) {
        String ref = TAGS + tag;
        if (to == null) {
            move(ref, null);
            lines.add("tag " + tag + " deleted upstream; what it promoted stays where it is");
            return;
        }
        if (first) {
            move(ref, to);
            lines.add("tag " + tag + " mirrored; tags there before Slipway followed the repository promote nothing");
            return;
        }
        PromotionRefs.Outcome outcome = events.tagPushed(upstream.app(), tag, peel(to), pusher);
        lines.addAll(outcome.lines());
        if (outcome.accepted()) {
            move(ref, to);
        } else {
            lines.add("tag " + tag + " is not stored in Slipway's mirror; push it again upstream once that is fixed");
        }
    }

    /** The pusher a webhook named, believed only for the ref it named and only when the fetch shows its commit. */
    private static String pusherOf(String ref, ObjectId to, Optional<PushHint> hint) {
        return hint.filter(h -> h.ref().equals(ref))
                .filter(h -> to == null ? h.deletes() : h.expected().map(to.name()::equals).orElse(false))
                .map(PushHint::pusher).orElse(UNKNOWN_PUSHER);
    }

    private Map<String, ObjectId> fetch(UpstreamTransport transport, List<Change> changes) {
        // an ignored env/ ref is fetched too: its mark must name an object the repository has
        List<RefSpec> specs = changes.stream().filter(c -> c.to() != null).map(c -> new RefSpec(c.ref())).toList();
        Map<String, ObjectId> fetched = new TreeMap<>();
        if (specs.isEmpty()) {
            return fetched;
        }
        long start = System.nanoTime();
        try {
            FetchResult result = transport.transport().fetch(NullProgressMonitor.INSTANCE, specs);
            fetchNanos = System.nanoTime() - start;
            for (Change change : changes) {
                Ref advertised = result.getAdvertisedRef(change.ref());
                if (advertised != null && advertised.getObjectId() != null) {
                    fetched.put(change.ref(), advertised.getObjectId());
                }
            }
            return fetched;
        } catch (IOException e) {
            throw new UpstreamUnreachable("cannot fetch from " + upstream.url() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, ObjectId> marks() {
        try {
            Map<String, ObjectId> marks = new TreeMap<>();
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(MARKS)) {
                marks.put("refs/" + ref.getName().substring(MARKS.length()), ref.getObjectId());
            }
            return marks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the marks of " + upstream.app(), e);
        }
    }

    private void mark(String ref, ObjectId to) {
        move(MARKS + ref.substring("refs/".length()), to);
    }

    private ObjectId current(String ref) {
        try {
            Ref found = repo.exactRef(ref);
            return found == null ? null : found.getObjectId();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    /** Sets the ref to {@code to} whatever it was, or deletes it when {@code to} is null. */
    private void move(String ref, ObjectId to) {
        try {
            RefUpdate update = repo.updateRef(ref);
            update.setForceUpdate(true);
            RefUpdate.Result result;
            if (to == null) {
                result = current(ref) == null ? RefUpdate.Result.NO_CHANGE : update.delete();
            } else {
                update.setNewObjectId(to);
                result = update.update();
            }
            switch (result) {
                case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> { }
                default -> throw new IllegalStateException("cannot move " + ref + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + ref, e);
        }
    }

    private String peel(ObjectId id) {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.peel(walk.parseAny(id)).name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + id.name(), e);
        }
    }
}
