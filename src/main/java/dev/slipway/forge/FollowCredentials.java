package dev.slipway.forge;

import java.util.Optional;

/** What a followed repository is read with: a token for HTTPS, a private key for SSH. Never shown or logged. */
public record FollowCredentials(Optional<String> token, Optional<String> sshKey) {
    public FollowCredentials {
        token = token.filter(t -> !t.isBlank()).map(String::strip);
        sshKey = sshKey.filter(k -> !k.isBlank());
    }

    public static FollowCredentials of(ForgeCredentials secrets, String app) {
        return new FollowCredentials(secrets.read(app, ForgeCredentials.TOKEN), secrets.read(app, ForgeCredentials.SSH_KEY));
    }

    @Override
    public String toString() {
        return "FollowCredentials[token=" + (token.isPresent() ? "***" : "none") + ", sshKey="
                + (sshKey.isPresent() ? "***" : "none") + "]";
    }
}
