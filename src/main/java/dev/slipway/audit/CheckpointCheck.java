package dev.slipway.audit;

/**
 * The chain verified against a kept {@link Checkpoint}: {@code chain} as plain verification says, {@code
 * checkpointOk} whether the checkpoint's signature is this server's and its entry still has the hash it kept, and
 * if not, {@code checkpointProblem} saying why.
 */
public record CheckpointCheck(Verification chain, Checkpoint checkpoint, boolean checkpointOk, String checkpointProblem) {
    public boolean ok() {
        return chain.ok() && checkpointOk;
    }

    /** The first thing wrong, in words: the chain's problem, else the checkpoint's; null when both are fine. */
    public String problem() {
        return !chain.ok() ? chain.problem() : checkpointProblem;
    }
}
