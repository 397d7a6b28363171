package dev.slipway.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Registry credentials for one run of one app, handed to its jobs: user {@code run-<app>-<run>} and a random token,
 * good for that app's repositories only (pull and push) until revoked. Held in memory only (never written anywhere,
 * so a restarted server has none: its runs ended with it); presented tokens are compared by their hash.
 */
public final class RunCredentials {
    /** The user names of run credentials start so; {@link #verify} answers only for those. */
    public static final String USER_PREFIX = "run-";
    /** Looks like a Slipway token, so the audit log's token guard refuses it too. */
    private static final String TOKEN_PREFIX = "slw_run_";
    private static final String MASK = "***";

    private final SecureRandom random = new SecureRandom();
    /** user name → what it may do and the SHA-256 of its token. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** A run's credential as a job receives it. */
    public record Issued(String user, String token) {
        @Override
        public String toString() {
            return "Issued[user=" + user + ", token=***]";
        }
    }

    /** Who a verified run credential speaks for. */
    public record RunScope(String app, long run, String user) {}

    /** {@code holders}: how many jobs of the run hold it now; the last one to give it back revokes it. */
    private record Held(String app, long run, byte[] tokenHash, String token, int holders) {}

    /**
     * The run's credentials for one more job: new ones for its first job, the same ones while any job of the run
     * holds them (jobs of a stage run side by side). Each issue is given back with one {@link #revoke}.
     */
    public Issued issue(String app, long run) {
        String user = userOf(app, run);
        Held now = held.compute(user, (u, h) -> h == null ? fresh(app, run)
                : new Held(h.app(), h.run(), h.tokenHash(), h.token(), h.holders() + 1));
        return new Issued(user, now.token());
    }

    /** One job gives the run's credentials back; once none holds them they stop working. */
    public void revoke(String app, long run) {
        held.computeIfPresent(userOf(app, run), (u, h) -> h.holders() <= 1 ? null
                : new Held(h.app(), h.run(), h.tokenHash(), h.token(), h.holders() - 1));
    }

    private Held fresh(String app, long run) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Held(app, run, sha256(token), token, 1);
    }

    /** Whether a user name is a run's (then only {@link #verify} can admit it). */
    public static boolean isRunUser(String user) {
        return user != null && user.startsWith(USER_PREFIX);
    }

    /** The scope of a presented user name and token, if they are a live run credential. */
    public Optional<RunScope> verify(String user, String token) {
        Held h = user == null || token == null ? null : held.get(user);
        if (h == null || !MessageDigest.isEqual(h.tokenHash(), sha256(token))) {
            return Optional.empty();
        }
        return Optional.of(new RunScope(h.app(), h.run(), user));
    }

    /**
     * Hides the app's live run tokens in a line of log text: looked up at each line, so a log opened before a token
     * was issued masks it all the same.
     */
    public UnaryOperator<String> maskerFor(String app) {
        return line -> {
            if (line == null) {
                return null;
            }
            String masked = line;
            for (Held h : held.values()) {
                if (h.app().equals(app) && masked.contains(h.token())) {
                    masked = masked.replace(h.token(), MASK);
                }
            }
            return masked;
        };
    }

    static String userOf(String app, long run) {
        return USER_PREFIX + app + "-" + run;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
