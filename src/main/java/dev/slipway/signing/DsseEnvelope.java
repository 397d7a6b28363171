package dev.slipway.signing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A DSSE envelope (https://github.com/secure-systems-lab/dsse, v1.0.0): {@code payload} is the base64 of the signed
 * body, each signature the base64 Ed25519 signature, by the key {@code keyid} (see {@link SigningKey#id()}), of
 *
 * <pre>PAE = "DSSEv1" SP LEN(payloadType) SP payloadType SP LEN(body) SP body</pre>
 *
 * where LEN is the byte length as ASCII decimal with no leading zeros and SP one space (0x20). Independently:
 * compute PAE, then {@code openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in pae.bin -sigfile sig.bin}.
 */
public record DsseEnvelope(String payloadType, String payload, List<Signature> signatures) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public record Signature(String keyid, String sig) {}

    public DsseEnvelope {
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    /** {@code body} signed with the current key. */
    public static DsseEnvelope sign(SigningKey key, String payloadType, byte[] body) {
        byte[] signature = key.sign(pae(payloadType, body));
        return new DsseEnvelope(payloadType, Base64.getEncoder().encodeToString(body),
                List.of(new Signature(key.id(), Base64.getEncoder().encodeToString(signature))));
    }

    /** The pre-authentication encoding the signatures are over. */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The signed body; empty when {@code payload} is no base64 (standard or URL-safe, as DSSE allows). */
    @JsonIgnore
    public Optional<byte[]> body() {
        return decode(payload);
    }

    /**
     * Empty when some signature verifies with one of {@code keys} (current or retired) over this payload; else why
     * not, in words a person can act on.
     */
    public Optional<String> problem(SigningKeys keys) {
        Optional<byte[]> body = body();
        if (payloadType == null || body.isEmpty()) {
            return Optional.of("the envelope has no payload type or its payload is not base64");
        }
        byte[] pae = pae(payloadType, body.get());
        String named = null;
        for (Signature s : signatures) {
            Optional<PublicSigningKey> key = s.keyid() == null ? Optional.empty() : keys.find(s.keyid());
            Optional<byte[]> sig = decode(s.sig());
            if (key.isPresent()) {
                named = s.keyid();
                if (sig.isPresent() && key.get().verifies(pae, sig.get())) {
                    return Optional.empty();
                }
            }
        }
        if (named == null) {
            return Optional.of("the envelope is signed by none of this server's keys (GET /api/v1/keys): "
                    + (signatures.isEmpty() ? "it has no signature" : "it names key "
                    + signatures.stream().map(Signature::keyid).toList()));
        }
        return Optional.of("the signature does not verify with this server's key " + named
                + ": the envelope was changed after it was signed");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an envelope of strings always serializes", e);
        }
    }

    /** An envelope from its JSON; empty when the text is none. */
    public static Optional<DsseEnvelope> parse(String json) {
        try {
            return Optional.ofNullable(JSON.readValue(json, DsseEnvelope.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> decode(String base64) {
        if (base64 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException notStandard) {
            try {
                return Optional.of(Base64.getUrlDecoder().decode(base64));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
