package dev.slipway.auth;

/**
 * What a caller wants to do to an app's environment, as {@link Access#decide} weighs it. Most actions change what
 * the environment runs, so they need releaser where it is protected and a lower role elsewhere; approving needs the
 * role the environment's approvals name; protecting needs an admin.
 */
public enum Action {
    /** a successful run deploys the pusher's branch (a developer may, where unprotected) */
    PUSH_DEPLOY("deploy to", Role.DEVELOPER),
    PROMOTE("promote into", Role.DEPLOYER),
    ROLLBACK("roll back", Role.DEPLOYER),
    SWAP("swap", Role.DEPLOYER),
    /** starting the live service again in place: the same line as rolling back */
    RESTART("restart", Role.DEPLOYER),
    /** whoever sets a secret decides what the service runs with: the same line as deploying there */
    SET_SECRET("set a secret of", Role.DEPLOYER),
    MOVE_PORT("move the port of", Role.DEPLOYER),
    /** the environment's approvals role, whether or not it is protected */
    APPROVE("approve promotions to", null),
    /** whoever may approve may reject; where nobody approves, whoever may promote may stop one */
    REJECT("reject promotions to", Role.DEPLOYER),
    /** an admin's word on protection (`slipway protect` / `unprotect`) */
    PROTECT("protect or unprotect", Role.ADMIN);

    private final String doing;
    private final Role unprotected;

    Action(String doing, Role unprotected) {
        this.doing = doing;
        this.unprotected = unprotected;
    }

    /** Completes "needs role R on app A to …", e.g. "promote into". */
    String doing() {
        return doing;
    }

    /** The role needed where the environment is not protected; null where the environment's approvals decide. */
    Role unprotected() {
        return unprotected;
    }
}
