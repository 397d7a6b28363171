package dev.slipway.image;

import java.util.OptionalLong;

/** Who pushes to the registry: a user (their name), or a job with its run's credentials (the run's number too). */
public record Pusher(String user, OptionalLong run) {
    public static Pusher user(String name) {
        return new Pusher(name, OptionalLong.empty());
    }
}
