package dev.slipway.pipeline;

import java.util.Map;

/**
 * Credentials a job gets in its environment for the length of its steps (the registry's, scoped to its run and
 * app), given back when the job ends.
 */
public interface JobCredentials {
    JobCredentials NONE = new JobCredentials() {
        @Override
        public Map<String, String> issue(Run run) {
            return Map.of();
        }

        @Override
        public void revoke(Run run) {
            // nothing was issued
        }
    };

    /** The variables to add to the job's environment. */
    Map<String, String> issue(Run run);

    /** The job ended: what {@link #issue} gave it stops working once no other job of the run holds it. */
    void revoke(Run run);
}
