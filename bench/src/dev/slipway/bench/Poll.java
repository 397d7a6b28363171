package dev.slipway.bench;

/** Waiting for a condition, checked every {@code everyMs} (the resolution of a timing that waits), up to a deadline. */
public record Poll(long everyMs) {
    public interface Check {
        boolean ok() throws Exception;
    }

    public void until(Check check, long timeoutMs, String what) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(everyMs);
        }
    }
}
