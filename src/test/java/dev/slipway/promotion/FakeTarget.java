package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.ProcessTarget;
import dev.slipway.environment.Router;
import dev.slipway.environment.RunningService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A target whose services "start" at once (no process), and fail to for the digests a test marks as broken. */
final class FakeTarget implements ProcessTarget, Router {
    final List<Start> started = new CopyOnWriteArrayList<>();
    final Set<Digest> broken = ConcurrentHashMap.newKeySet();
    final Set<String> brokenEnvironments = ConcurrentHashMap.newKeySet();
    private final AtomicLong pids = new AtomicLong(100_000);

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        started.add(start);
        if (broken.contains(start.digest()) || brokenEnvironments.contains(start.environment())) {
            throw new DeployFailedException("`" + start.launch().command() + "` exited with code 4 before it was healthy");
        }
        return new RunningService(pids.incrementAndGet(), 1, 40_000, "/nowhere/" + start.deployment());
    }

    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        return start(start);
    }

    @Override
    public void stop(RunningService service) {
    }

    @Override
    public boolean isAlive(RunningService service) {
        return true;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void discard(String app, String environment, long deployment) {
    }

    @Override
    public void route(String app, String environment, int publicPort, int upstreamPort) {
    }

    @Override
    public void route(String app, String environment, int publicPort,
                      java.util.List<dev.slipway.environment.Upstream> upstreams) {
    }

    @Override
    public void unroute(String app, String environment, int publicPort) {
    }

    @Override
    public void open(String app, String environment, int publicPort) {
    }

    @Override
    public void release(int publicPort) {
    }

    @Override
    public String url(int publicPort) {
        return "http://127.0.0.1:" + publicPort;
    }

    @Override
    public java.util.Optional<String> unavailable(int publicPort) {
        return java.util.Optional.empty();
    }

    @Override
    public boolean move(String app, String environment, int from, int to, java.util.function.BooleanSupplier commit) {
        throw new UnsupportedOperationException("no port moves in these tests");
    }
}
