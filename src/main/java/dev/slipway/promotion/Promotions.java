package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Principal;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Evidence;
import dev.slipway.pipeline.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Use cases on promotions: request one (from the CLI, the API, a tag or an env/ push), check one without recording
 * it (the git hook asks before a ref moves), approve, reject, show, list. A request that can never pass — no
 * artifact, an artifact that never went live where it must come from, a caller without the role — is refused
 * before anything is recorded; one that must wait is recorded PENDING and moves on by itself when it may.
 */
public final class Promotions {
    private static final int MAX_LIST = 200;

    private final PromotionRepository promotions;
    private final PromotionLedger ledger;
    private final Candidates candidates;
    private final Gates gates;
    private final PromotionEngine engine;
    private final Access access;

    public Promotions(PromotionRepository promotions, PromotionLedger ledger, Candidates candidates, Gates gates,
                      PromotionEngine engine, Access access) {
        this.promotions = promotions;
        this.ledger = ledger;
        this.candidates = candidates;
        this.gates = gates;
        this.engine = engine;
        this.access = access;
    }

    /** Records the promotion and takes it as far as its gates allow; refuses with a {@link Problem} saying why. */
    public PromotionDetail request(PromotionRequest request) {
        Candidate c = admissible(request);
        Promotion p = ledger.request(new NewPromotion(c.app(), c.target().name(), c.digest(), c.commit(),
                c.run().number(), request.source(), request.requestedBy().user(), c.author(), ledger.now(),
                request.tag().orElse(null)));
        engine.advance(p.app(), p.id());
        return show(p.app(), p.id());
    }

    /** Why {@link #request} would refuse this, one line per reason; empty when it would be accepted. Records nothing. */
    public List<String> check(PromotionRequest request) {
        try {
            admissible(request);
            return List.of();
        } catch (Problem e) {
            return List.of(e.getMessage());
        }
    }

    public PromotionDetail approve(Principal actor, String app, long id) {
        Promotion p = find(app, id);
        requirePending(p, "approve");
        EnvironmentSpec target = target(p);
        if (target.approvals().isEmpty()) {
            throw Problem.conflict(target.name() + " needs no approvals; " + p.label() + " waits for "
                    + waitingFor(p, target) + " and moves on by itself");
        }
        access.decide(actor, Action.APPROVE, Places.of(app, target)).orThrow();
        if (target.approvals().get().notAuthor()) {
            Authors.of(p, promotions.authors(app, id)).why(actor.user()).ifPresent(why -> {
                throw Problem.forbidden(why + ", and " + target.name() + " takes no approval from the author of what it "
                        + "runs (not_author): ask another " + Places.toApprove(target).label()
                        + " to run `slipway approve " + app + " " + id + "`");
            });
        }
        ledger.approve(p, actor.user());
        engine.advance(app, id);
        return show(app, id);
    }

    public PromotionDetail reject(Principal actor, String app, long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw Problem.invalid("say why the promotion is rejected: --reason TEXT (it is recorded and shown)");
        }
        Promotion p = find(app, id);
        requirePending(p, "reject");
        EnvironmentSpec target = target(p);
        access.decide(actor, Action.REJECT, Places.of(app, target)).orThrow();
        ledger.reject(p, actor.user(), reason.strip());
        engine.advance(app, id);
        return show(app, id);
    }

    public PromotionDetail show(String app, long id) {
        return detail(find(app, id));
    }

    private PromotionDetail detail(Promotion p) {
        return detail(p, Decisions.of(promotions, p), Optional.empty(), gates.history());
    }

    /** With its decisions, (if already read) its run and where artifacts went live; the run is read here otherwise. */
    private PromotionDetail detail(Promotion p, Decisions decisions, Optional<Run> run, LiveHistory history) {
        List<GateStatus> statuses = (run.isPresent() ? candidates.of(p, run.get()) : candidates.of(p))
                .map(c -> gates.evaluate(p, c.target(), decisions, history)).orElse(List.of());
        return new PromotionDetail(p, statuses, decisions.approvals());
    }

    /**
     * Every app's promotions still on their way (PENDING with its gates, APPROVED, DEPLOYING), newest first, in one
     * read of the promotions (the overview).
     */
    public Map<String, List<PromotionDetail>> openByApp() {
        List<Promotion> open = new ArrayList<>(promotions.open());
        Collections.reverse(open);
        Map<String, List<Approval>> approvals = promotions.approvalsOfOpen().stream()
                .collect(Collectors.groupingBy(a -> a.app() + "#" + a.promotion()));
        Map<String, Run> runs = promotions.runsOfOpen().stream()
                .collect(Collectors.toMap(r -> r.app() + "#" + r.number(), r -> r, (a, b) -> a));
        Map<String, List<Author>> authors = promotions.authorsOfOpen().stream()
                .collect(Collectors.groupingBy(a -> a.app() + "#" + a.promotion()));
        LiveHistory history = gates.historyOfPending();
        return open.stream().map(p -> p.state() == PromotionState.PENDING
                        ? detail(p, new Decisions(approvals.getOrDefault(p.app() + "#" + p.id(), List.of()),
                                        authors.getOrDefault(p.app() + "#" + p.id(), List.of())),
                                Optional.ofNullable(runs.get(p.app() + "#" + p.run())), history)
                        : new PromotionDetail(p, List.of(), List.of()))
                .collect(Collectors.groupingBy(d -> d.promotion().app(), LinkedHashMap::new, Collectors.toList()));
    }

    /** Newest first; the gates of the ones still waiting, so a list says what they wait for. */
    /**
     * Of the environment's deployments that promotions made (the newest {@code limit} of them), by deployment id: who
     * requested each and who approved it. For `slipway history` and the environment's page.
     */
    public Map<Long, PromotionOrigin> origins(String app, String environment, int limit) {
        List<Promotion> deployed = promotions.deployedTo(app, environment, limit);
        Map<Long, List<String>> approvers = new HashMap<>();
        for (Approval a : promotions.approvals(app, deployed.stream().map(Promotion::id).toList())) {
            if (a.decision() == Approval.Decision.APPROVE) {
                approvers.computeIfAbsent(a.promotion(), k -> new ArrayList<>()).add(a.user());
            }
        }
        Map<Long, PromotionOrigin> origins = new HashMap<>();
        for (Promotion p : deployed) {
            origins.put(p.deployment(), new PromotionOrigin(p.id(), p.deployment(), p.source(), p.requestedBy(),
                    approvers.getOrDefault(p.id(), List.of())));
        }
        return origins;
    }

    public List<PromotionDetail> list(String app, int limit) {
        return promotions.list(app, Math.min(Math.max(limit, 1), MAX_LIST)).stream()
                .map(p -> p.state() == PromotionState.PENDING ? detail(p)
                        : new PromotionDetail(p, List.of(), List.of()))
                .toList();
    }

    /** On start, after deployments were recovered: see {@link PromotionEngine#recover}. */
    public void recover() {
        engine.recover();
    }

    private Candidate admissible(PromotionRequest request) {
        if (request.requestedBy() == null) {
            throw Problem.unauthenticated("authentication required: promoting needs a signed-in user");
        }
        Candidate c = candidates.resolve(request);
        access.decide(request.requestedBy(), Action.PROMOTE, Places.of(c.app(), c.target())).orThrow();
        candidates.live(c.app(), c.target().name()).filter(d -> d.digest().equals(c.digest())).ifPresent(d -> {
            throw Problem.conflict(Elapsed.digest(c.digest()) + " is already live in " + d.environment()
                    + " (deployment #" + d.id() + "): nothing to promote");
        });
        for (Promotion open : promotions.open(c.app())) {
            if (open.environment().equals(c.target().name()) && open.digest().equals(c.digest())) {
                throw Problem.conflict(Elapsed.digest(c.digest()) + " is already on its way to " + open.environment()
                        + " as promotion #" + open.id() + " (" + open.state() + "): see `slipway promotion show "
                        + c.app() + " " + open.id() + "`");
            }
        }
        if (c.target().from().isPresent()) {
            GateStatus from = gates.from(c);
            if (!from.passed()) {
                throw Problem.conflict(c.target().name() + " only takes artifacts that went live in "
                        + c.target().from().get() + ": " + from.detail());
            }
        }
        if (c.target().require().contains(Evidence.PROVENANCE)) {
            GateStatus provenance = gates.provenance(c);
            if (!provenance.passed()) {
                throw Problem.conflict(c.target().name() + " requires signed provenance: " + provenance.detail());
            }
        }
        return c;
    }

    private Promotion find(String app, long id) {
        return promotions.find(app, id).orElseThrow(() -> Problem.notFound("promotion #" + id + " of app '" + app
                + "' does not exist: list them with `slipway promotion list " + app + "`"));
    }

    private EnvironmentSpec target(Promotion p) {
        return candidates.of(p).map(Candidate::target).orElseThrow(() -> Problem.conflict("the pipeline file at commit "
                + Elapsed.commit(p.commit()) + " can no longer be read, so the gates of " + p.label()
                + " are unknown"));
    }

    private String waitingFor(Promotion p, EnvironmentSpec target) {
        List<String> waiting = gates.evaluate(p, target).stream().filter(s -> !s.passed()).map(GateStatus::detail).toList();
        return waiting.isEmpty() ? "nothing" : String.join("; ", waiting);
    }

    private static void requirePending(Promotion p, String verb) {
        if (p.state() != PromotionState.PENDING) {
            throw PromotionLedger.notPending(p, verb);
        }
    }
}
