package dev.slipway.signing;

import dev.slipway.KeyFiles;
import dev.slipway.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's signing keys: the current one, which signs, and the retired ones, kept (public part only) so that
 * what they signed — audit checkpoints, build provenance — still verifies after {@code slipway keys rotate}.
 *
 * <p>Retired keys live in {@code <data>/signing-retired.keys}, one block per key, newest last:
 * <pre>
 * retired KEY_ID 2026-12-04T10:00:00Z
 * -----BEGIN PUBLIC KEY-----
 * ...
 * -----END PUBLIC KEY-----
 * </pre>
 * Rotation first rewrites that file with the current key added, then replaces {@code signing.key} (each write a
 * temp file, fsync, rename, directory fsync). A crash between the two leaves the current key also listed as
 * retired; loading ignores such an entry, so the next rotation simply retires it again.
 */
public final class SigningKeys {
    public static final String RETIRED = "signing-retired.keys";
    private static final Pattern ENTRY = Pattern.compile(
            "retired ([0-9a-f]{16}) (\\S+)\\s*(-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\s]+?-----END PUBLIC KEY-----)");

    private final Path data;
    private volatile SigningKey current;
    private volatile List<PublicSigningKey> retired;

    private SigningKeys(Path data, SigningKey current, List<PublicSigningKey> retired) {
        this.data = data;
        this.current = current;
        this.retired = retired;
    }

    /** Loads (creating on first start) {@code <data>/signing.key} and the retired keys beside it. */
    public static SigningKeys loadOrCreate(Path data) {
        SigningKey current = SigningKeyFile.loadOrCreate(data);
        return new SigningKeys(data, current, readRetired(data.resolve(RETIRED), current.id()));
    }

    /** A single key that cannot be rotated (no data directory): for tools and tests. */
    public static SigningKeys of(SigningKey key) {
        return new SigningKeys(null, key, List.of());
    }

    /** The key that signs now. */
    public SigningKey current() {
        return current;
    }

    /** Every key: the current one first, then the retired ones, most recently retired first. */
    public List<PublicSigningKey> all() {
        List<PublicSigningKey> all = new ArrayList<>();
        all.add(new PublicSigningKey(current.publicKey(), null));
        List<PublicSigningKey> old = new ArrayList<>(retired);
        java.util.Collections.reverse(old);
        all.addAll(old);
        return all;
    }

    /** The key (current or retired) with this id. */
    public Optional<PublicSigningKey> find(String id) {
        return all().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /**
     * Makes a new current key; the old one's public part is kept as retired at {@code now}. Returns the new key.
     * The caller audits it.
     */
    public synchronized SigningKey rotate(Instant now) {
        if (data == null) {
            throw Problem.conflict("this key cannot be rotated: it was not loaded from a data directory");
        }
        SigningKey old = current;
        List<PublicSigningKey> kept = new ArrayList<>(retired);
        kept.add(new PublicSigningKey(old.publicKey(), now));
        StringBuilder text = new StringBuilder();
        for (PublicSigningKey k : kept) {
            text.append("retired ").append(k.id()).append(' ').append(k.retiredAt().orElseThrow()).append('\n')
                    .append(k.publicKeyPem());
        }
        KeyFiles.replace(data.resolve(RETIRED), text.toString().getBytes(StandardCharsets.US_ASCII),
                "the retired signing keys");
        SigningKey fresh = SigningKeyFile.replace(data);
        retired = List.copyOf(kept);
        current = fresh;
        return fresh;
    }

    private static List<PublicSigningKey> readRetired(Path file, String currentId) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            List<PublicSigningKey> keys = new ArrayList<>();
            Matcher m = ENTRY.matcher(text);
            while (m.find()) {
                PublicSigningKey key = new PublicSigningKey(SigningKeyFile.publicKey(m.group(3), file.toString()),
                        Instant.parse(m.group(2)));
                if (!key.id().equals(m.group(1))) {
                    throw Problem.unavailable("the retired signing keys " + file + " are damaged: the entry of key "
                            + m.group(1) + " holds key " + key.id() + ". Restore the file from a backup");
                }
                if (!key.id().equals(currentId)) { // a rotation that crashed before replacing signing.key
                    keys.add(key);
                }
            }
            return List.copyOf(keys);
        } catch (IOException e) {
            throw Problem.unavailable("cannot read the retired signing keys " + file + ": " + e.getMessage());
        } catch (DateTimeParseException e) {
            throw Problem.unavailable("the retired signing keys " + file + " are damaged: " + e.getMessage()
                    + ". Restore the file from a backup");
        }
    }
}
