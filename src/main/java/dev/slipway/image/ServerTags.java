package dev.slipway.image;

import dev.slipway.Transactions;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tags Slipway moves itself and clients may not: {@code commit-<sha>}, {@code branch-<slug>}, {@code env-<name>},
 * release tags ({@code v1.2.0}: a 'v' and a digit), and any tag the server already owns. The one place that rule is
 * written, and the one way a server tag moves.
 */
public final class ServerTags {
    private static final Pattern RESERVED = Pattern.compile("(commit-|branch-|env-).*|v[0-9].*");
    /** The actor of what Slipway does by itself (as in the run ledger). */
    private static final String SLIPWAY = "slipway";

    private final ImageRepository images;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public ServerTags(ImageRepository images, Transactions transactions, AuditLog audit, Clock clock) {
        this.images = images;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether the tag's name alone makes it the server's (commit-, branch-, env-, release tags). */
    public static boolean isReserved(String tag) {
        return RESERVED.matcher(tag).matches();
    }

    /** Why a client may not push {@code tag} in {@code repository}, if it may not. */
    public Optional<String> refusal(String repository, String tag) {
        boolean owned = isReserved(tag) || images.findTag(repository, tag)
                .map(t -> t.owner() == TagOwner.SERVER).orElse(false);
        return owned ? Optional.of("tag '" + tag + "' is moved by Slipway itself: push by digest or to another tag")
                : Optional.empty();
    }

    /**
     * Points a server tag at a manifest already stored in the repository (created or moved), audited as
     * {@code image.tagged} in the same transaction.
     */
    public void move(String repository, String tag, Digest digest) {
        if (!RegistryNames.isTag(tag)) {
            throw new IllegalArgumentException("'" + tag + "' is not a valid tag (the distribution spec's tag grammar)");
        }
        if (images.findManifest(repository, digest).isEmpty()) {
            throw new IllegalArgumentException("cannot tag " + repository + ":" + tag + ": " + digest
                    + " is not a manifest of that repository");
        }
        transactions.run(() -> {
            String before = images.findTag(repository, tag).map(t -> t.digest().toString()).orElse(null);
            images.setTag(new ImageTag(repository, tag, digest, TagOwner.SERVER, clock.instant()));
            audit.record(SLIPWAY, "image.tagged", StoredManifest.appOf(repository), repository + ":" + tag, before,
                    digest.toString());
        });
    }
}
