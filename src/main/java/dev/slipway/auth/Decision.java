package dev.slipway.auth;

import dev.slipway.Problem;

/** {@link Access#decide}'s answer: allowed, or refused with the role that was needed and why. */
public sealed interface Decision {
    boolean allowed();

    /** Throws the refusal as a {@link Problem} (unauthenticated without a caller, forbidden otherwise). */
    void orThrow();

    record Allowed() implements Decision {
        @Override
        public boolean allowed() {
            return true;
        }

        @Override
        public void orThrow() {
            // allowed: nothing to throw
        }
    }

    /**
     * @param user null when nobody signed in
     * @param has the caller's role on the app, null if none
     * @param isProtected whether the environment was protected (by its file or an admin) when this was decided
     */
    record Refused(String user, Action action, Place place, Role needed, Role has, boolean isProtected)
            implements Decision {
        @Override
        public boolean allowed() {
            return false;
        }

        @Override
        public void orThrow() {
            throw problem();
        }

        public Problem problem() {
            return user == null ? Problem.unauthenticated(Authenticator.MISSING) : Problem.forbidden(message());
        }

        /** The words users have seen from each door, kept as they were when each door decided for itself. */
        public String message() {
            String needs = "user '" + user + "' needs role " + needed.label() + " on app '" + place.app() + "'";
            String held = " (has " + (has == null ? "none" : has.label()) + ")";
            String fix = "; an admin can run `slipway grant " + user + " " + needed.label() + " --app " + place.app()
                    + "`";
            return switch (action) {
                case PUSH_DEPLOY -> needs + " to " + action.doing() + " " + environment();
                case MOVE_PORT -> needs + " to " + action.doing() + " " + environment() + fix;
                case SET_SECRET -> "setting a secret of " + environment() + ": " + needs + held + fix;
                case APPROVE, PROTECT -> needs + " to " + action.doing() + " " + place.environment() + held + fix;
                case REJECT -> needs + " to " + action.doing() + " " + (place.approvers().isPresent()
                        ? place.environment() : environment()) + held + fix;
                default -> needs + " to " + action.doing() + " " + environment() + held + fix;
            };
        }

        private String environment() {
            return (isProtected ? "protected " : "") + "environment " + place.environment();
        }
    }
}
