package dev.slipway.git;

import dev.slipway.environment.Teardowns;
import dev.slipway.pipeline.Pushes;
import java.util.Collection;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the refs a push moved into Slipway events and tells the pusher, as remote: lines, what happens next. */
public final class PushReceiver {
    private static final Logger log = LoggerFactory.getLogger(PushReceiver.class);
    private static final String BRANCH = "refs/heads/";

    private final Pushes pushes;
    private final Teardowns teardowns;
    private final String serverUrl;

    public PushReceiver(Pushes pushes, Teardowns teardowns, String serverUrl) {
        this.pushes = pushes;
        this.teardowns = teardowns;
        this.serverUrl = serverUrl;
    }

    void received(String app, String pusher, ReceivePack pack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            String ref = command.getRefName();
            try {
                if (ref.startsWith(BRANCH) && command.getType() != ReceiveCommand.Type.DELETE) {
                    String oldId = command.getOldId().equals(org.eclipse.jgit.lib.ObjectId.zeroId())
                            ? null : command.getOldId().name();
                    Pushes.Report report = pushes.branchPushed(app, ref.substring(BRANCH.length()), oldId,
                            command.getNewId().name(), pusher);
                    report.messages().forEach(line -> say(pack, line));
                    say(pack, "  " + serverUrl + "/api/v1/apps/" + app + "/runs/" + report.run().number());
                } else if (ref.startsWith(BRANCH)) {
                    // the git door let the pusher push, so they hold developer: enough to delete a branch's environment
                    teardowns.branchDeleted(pusher, app, ref.substring(BRANCH.length())).forEach(line -> say(pack, line));
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
