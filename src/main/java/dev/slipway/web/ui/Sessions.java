package dev.slipway.web.ui;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sign-ins: a random session id (the cookie) → the id of the token signed in with (re-checked on every
 * request, so a session never outlives its token) and the session's CSRF token. Kept in memory on purpose: a restart
 * signs everyone out, which costs a re-typed token and keeps no secret on disk.
 */
public final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String id, String tokenId, String csrf, Instant expires) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> flashes = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create(String tokenId) {
        Session session = new Session(random(), tokenId, random(), clock.instant().plus(LIFETIME));
        sessions.put(session.id(), session);
        return session;
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session != null && !clock.instant().isBefore(session.expires())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
            flashes.remove(id);
        }
    }

    /** Keeps an action's result for the page the browser is sent to next (post → redirect → get). */
    void flash(Session session, String message) {
        flashes.put(session.id(), message);
    }

    String takeFlash(Session session) {
        return session == null ? null : flashes.remove(session.id());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
