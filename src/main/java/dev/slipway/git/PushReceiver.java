package dev.slipway.git;

import dev.slipway.forge.Upstream;
import dev.slipway.forge.UpstreamRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the refs a push moved into Slipway events and tells the pusher, as remote: lines, what happens next. */
public final class PushReceiver {
    private static final Logger log = LoggerFactory.getLogger(PushReceiver.class);
    private static final String BRANCH = "refs/heads/";

    private final RefEvents events;
    private final EnvRefKeeper envRefs;
    private final UpstreamRepository upstreams;

    public PushReceiver(RefEvents events, EnvRefKeeper envRefs, UpstreamRepository upstreams) {
        this.events = events;
        this.envRefs = envRefs;
        this.upstreams = upstreams;
    }

    /**
     * Before any ref moves: tags and env/ refs are promotions, refused here (the ref does not move) when Slipway
     * would not take them. Branch pushes are always accepted; their runs start after the refs moved.
     */
    void checking(String app, String pusher, ReceivePack pack, Collection<ReceiveCommand> commands) {
        upstreams.find(app).ifPresent(upstream -> refuseAllButPromotions(upstream, pack, commands));
        for (ReceiveCommand command : commands) {
            String ref = command.getRefName();
            if (command.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED || !PromotionRefs.handles(ref)) {
                continue;
            }
            PromotionRefs.Outcome outcome;
            try {
                outcome = promotionOf(app, pusher, pack, command);
            } catch (RuntimeException e) {
                log.error("{}: checking the push of {} failed", app, ref, e);
                outcome = PromotionRefs.Outcome.refused("Slipway could not handle " + ref + ": " + e.getMessage());
            }
            outcome.lines().forEach(line -> say(pack, line));
            if (!outcome.accepted()) {
                command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, firstLine(outcome.lines()));
            } else if (ref.startsWith(PromotionRefs.ENV_PREFIX) && command.getType() != ReceiveCommand.Type.DELETE) {
                setFromRecords(app, pack, command);
            }
        }
    }

    /** A followed app's branches and tags come from its forge; here it takes only promotions (env/ pushes). */
    private static void refuseAllButPromotions(Upstream upstream, ReceivePack pack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            if (command.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED
                    && !command.getRefName().startsWith(PromotionRefs.ENV_PREFIX)) {
                String why = upstream.app() + " follows " + upstream.url() + ": push branches and tags there; only env/ "
                        + "promotions are taken here";
                say(pack, why);
                command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, why);
            }
        }
    }

    /**
     * An env/ ref names what runs in its environment (or the pushed promotion on its way there), so the push's own
     * update is not applied: the {@link EnvRefKeeper} sets the ref from the records the push just changed, and the
     * push is answered ok. Should that fail, JGit applies the update and the keeper's next pass corrects it.
     */
    private void setFromRecords(String app, ReceivePack pack, ReceiveCommand command) {
        String environment = command.getRefName().substring(PromotionRefs.ENV_PREFIX.length());
        String pushed = command.getNewId().name();
        try {
            Optional<String> names = envRefs.keepAfterPush(app, environment);
            command.setResult(ReceiveCommand.Result.OK);
            if (!names.equals(Optional.of(pushed))) {
                say(pack, "env/" + environment + " names " + names.map(c -> c.substring(0, 7)).orElse("nothing")
                        + ", what runs there, until " + pushed.substring(0, 7) + " is live");
            }
        } catch (RuntimeException e) {
            log.error("{}: setting {} from the records failed; the push's update is applied", app,
                    command.getRefName(), e);
        }
    }

    private PromotionRefs.Outcome promotionOf(String app, String pusher, ReceivePack pack, ReceiveCommand command) {
        String ref = command.getRefName();
        boolean delete = command.getType() == ReceiveCommand.Type.DELETE;
        if (ref.startsWith(PromotionRefs.TAG_PREFIX)) {
            if (delete) {
                return new PromotionRefs.Outcome(true, List.of("tag " + ref.substring(PromotionRefs.TAG_PREFIX.length())
                        + " deleted; what it promoted stays where it is"));
            }
            return events.tagPushed(app, ref.substring(PromotionRefs.TAG_PREFIX.length()),
                    peel(pack, command.getNewId()), pusher);
        }
        String environment = ref.substring(PromotionRefs.ENV_PREFIX.length());
        if (delete) {
            return PromotionRefs.Outcome.refused("env/" + environment + " cannot be deleted: it records what "
                    + environment + " runs; roll back with `git push -f slipway OLD:env/" + environment + "`");
        }
        return events.envPushed(app, environment, command.getNewId().name(), pusher);
    }

    /** An annotated tag points at a tag object; the promotion is of the commit it tags. */
    private static String peel(ReceivePack pack, ObjectId id) {
        try (RevWalk walk = new RevWalk(pack.getRepository())) {
            return walk.peel(walk.parseAny(id)).name();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + id.name(), e);
        }
    }

    private static String firstLine(List<String> lines) {
        return lines.isEmpty() ? "refused by Slipway" : lines.get(0);
    }

    void received(String app, String pusher, ReceivePack pack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            String ref = command.getRefName();
            try {
                if (PromotionRefs.handles(ref)) {
                    continue; // handled before the ref moved
                }
                if (ref.startsWith(BRANCH) && command.getType() != ReceiveCommand.Type.DELETE) {
                    String oldId = command.getOldId().equals(org.eclipse.jgit.lib.ObjectId.zeroId())
                            ? null : command.getOldId().name();
                    events.branchMoved(app, ref.substring(BRANCH.length()), oldId, command.getNewId().name(), pusher)
                            .forEach(line -> say(pack, line));
                } else if (ref.startsWith(BRANCH)) {
                    // the git door let the pusher push, so they hold developer: enough to delete a branch's environment
                    events.branchDeleted(app, ref.substring(BRANCH.length()), pusher).forEach(line -> say(pack, line));
                } else {
                    say(pack, ref + " stored; nothing to run for it");
                }
            } catch (RuntimeException e) {
                log.error("{}: handling the push of {} failed", app, ref, e);
                say(pack, "Slipway could not " + (command.getType() == ReceiveCommand.Type.DELETE
                        ? "tear down the environments of " : "start a run for ") + ref + ": " + e.getMessage());
            }
        }
    }

    private static void say(ReceivePack pack, String text) {
        for (String line : text.split("\n")) {
            pack.sendMessage("slipway: " + line);
        }
    }
}
