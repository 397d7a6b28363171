package dev.slipway.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The pull tokens of registered targets: target {@code NAME} pulls as user {@code target-NAME} with a random token,
 * made at its first use and held in memory only (never stored, never logged; a restarted server makes new ones and
 * hands them to its engines again). Good for pulls only, and only of the apps that have an environment bound to that
 * target ({@code serves}, the admins' bindings as they are at each request); never for a push or the API.
 */
public final class TargetPulls {
    /** The user names of target pull tokens start so; {@link #verify} answers only for those. */
    public static final String USER_PREFIX = "target-";
    /** Looks like a Slipway token, so the audit log's token guard refuses it too. */
    private static final String TOKEN_PREFIX = "slw_pull_";

    private final SecureRandom random = new SecureRandom();
    private final BiPredicate<String, String> serves;
    /** target name → its token and the token's SHA-256. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** A target's pull credential as its engine is given it. */
    public record Issued(String user, String token) {
        @Override
        public String toString() {
            return "Issued[user=" + user + ", token=***]";
        }
    }

    /** Who a verified pull token speaks for. */
    public record PullScope(String target, String user) {}

    private record Held(String token, byte[] tokenHash) {}

    /** {@code serves}: (target, app) → whether an environment of the app is bound to the target now. */
    public TargetPulls(BiPredicate<String, String> serves) {
        this.serves = serves;
    }

    /** The target's user and token: made at the first call, the same ones after. */
    public Issued issue(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a pull token is for a registered target: give its name");
        }
        Held h = held.computeIfAbsent(target, t -> fresh());
        return new Issued(USER_PREFIX + target, h.token());
    }

    /** Forgets the target's token (a removed target): it stops working at once; a later {@link #issue} makes another. */
    public void revoke(String target) {
        held.remove(target);
    }

    /** Whether a user name is a target's (then only {@link #verify} can admit it). */
    public static boolean isTargetUser(String user) {
        return user != null && user.startsWith(USER_PREFIX) && user.length() > USER_PREFIX.length();
    }

    /** The target a presented user name and token speak for, if they are its live pull token. */
    public Optional<PullScope> verify(String user, String token) {
        if (!isTargetUser(user) || token == null) {
            return Optional.empty();
        }
        String target = user.substring(USER_PREFIX.length());
        Held h = held.get(target);
        if (h == null || !MessageDigest.isEqual(h.tokenHash(), sha256(token))) {
            return Optional.empty();
        }
        return Optional.of(new PullScope(target, user));
    }

    /** Why the target may not pull the app's repositories, if it may not (no environment of the app is bound to it). */
    public Optional<String> refusal(PullScope scope, String app) {
        if (serves.test(scope.target(), app)) {
            return Optional.empty();
        }
        return Optional.of("target '" + scope.target() + "' pulls only the images of apps with an environment bound to "
                + "it, and no environment of '" + app + "' is (an admin binds one: `slipway target bind "
                + scope.target() + " --app " + app + " --env ENV`)");
    }

    private Held fresh() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Held(token, sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
