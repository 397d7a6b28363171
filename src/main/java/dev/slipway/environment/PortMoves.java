package dev.slipway.environment;

import dev.slipway.Problem;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;

/**
 * `slipway env move-port`: an environment's stable public port moves to another one (given, or a free one picked
 * here), e.g. when another program took it while Slipway was down. The router listens on the new port before the
 * move is recorded (with its audit entry, in one transaction) and stops listening on the old one only after, so a
 * refused or failed move changes nothing. Who may do it is the caller's to check (the same rule as for deploying).
 */
public final class PortMoves {
    private static final int PICKS = 5;
    private static final String CHOOSE = "choose another port, or leave --port out to let Slipway pick a free one";

    /** The move done: {@code url} is the environment's address from now on. */
    public record Moved(String app, String environment, int from, int to, String url) {}

    private final EnvironmentRepository environments;
    private final EnvironmentLedger ledger;
    private final Router router;
    private final IntSupplier freePorts;
    private final Deployer deployer;

    public PortMoves(EnvironmentRepository environments, EnvironmentLedger ledger, Router router, IntSupplier freePorts,
                     Deployer deployer) {
        this.environments = environments;
        this.ledger = ledger;
        this.router = router;
        this.freePorts = freePorts;
        this.deployer = deployer;
    }

    public Environment environment(String app, String name) {
        return environments.require(app, name);
    }

    /**
     * Moves the environment to {@code port}, or to a free port if null; after the deployments queued before it,
     * since one of them would route the old port.
     */
    public Moved move(String actor, String app, String name, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw Problem.invalid("port " + port + " is not a TCP port (1-65535): " + CHOOSE);
        }
        environment(app, name);
        try {
            return deployer.inQueue(app, name, () -> moveNow(actor, environment(app, name), port)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Moved moveNow(String actor, Environment env, Integer port) {
        if (port != null) {
            try {
                return moveTo(actor, env, port);
            } catch (PortUnavailableException e) {
                throw Problem.conflict(e.getMessage() + ": " + CHOOSE);
            }
        }
        for (int pick = 0; pick < PICKS; pick++) {
            int free = freePorts.getAsInt();
            try {
                if (free != env.port() && ownerOf(free).isEmpty()) {
                    return moveTo(actor, env, free);
                }
            } catch (PortUnavailableException takenMeanwhile) {
                // another program got it between the pick and the listen: pick again
            }
        }
        throw Problem.unavailable("no free port was found for environment " + env.name() + " of app '" + env.app()
                + "' in " + PICKS + " tries: try again, or give one with --port");
    }

    private Moved moveTo(String actor, Environment env, int to) throws PortUnavailableException {
        if (to == env.port()) {
            throw Problem.invalid("environment " + env.name() + " of app '" + env.app() + "' is already on port " + to
                    + router.unavailable(to).map(why -> " (unavailable: " + why + ")").orElse("") + ": " + CHOOSE);
        }
        Optional<Environment> owner = ownerOf(to);
        if (owner.isPresent()) {
            throw Problem.conflict("port " + to + " is the stable port of " + owner.get().name() + " of app '"
                    + owner.get().app() + "': " + CHOOSE);
        }
        if (!router.move(env.app(), env.name(), env.port(), to, () -> ledger.portMoved(actor, env, to))) {
            throw Problem.conflict("environment " + env.name() + " of app '" + env.app()
                    + "' changed while its port was being moved (torn down, or moved by someone else): see `slipway status "
                    + env.app() + "` and try again");
        }
        return new Moved(env.app(), env.name(), env.port(), to, router.url(to));
    }

    private Optional<Environment> ownerOf(int port) {
        return environments.all().stream().filter(e -> e.port() == port).findFirst();
    }
}
