package dev.slipway.forge;

import dev.slipway.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The hosted forges Slipway understands: their webhooks, their commit status APIs and their logins. */
public enum Forge {
    GITHUB, GITLAB, GITEA;

    /** As it appears in URLs, CLI options and the database: {@code github}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Forge of(String id) {
        for (Forge forge : values()) {
            if (forge.id().equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return forge;
            }
        }
        throw Problem.invalid("forge '" + id + "' is not known: use one of "
                + Arrays.stream(values()).map(Forge::id).collect(Collectors.joining(", ")));
    }
}
