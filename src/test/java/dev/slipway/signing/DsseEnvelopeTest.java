package dev.slipway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsseEnvelopeTest {
    private static final String TYPE = "application/vnd.in-toto+json";

    @TempDir
    Path data;

    @Test
    void paeIsExactlyTheSpecsEncoding() {
        // the DSSE protocol's own test vector (protocol.md, "Test cases")
        assertThat(new String(DsseEnvelope.pae("http://example.com/HelloWorld",
                "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        // lengths are in bytes, not characters; an empty body is "0 " and nothing after
        assertThat(new String(DsseEnvelope.pae("t/é", new byte[0]), StandardCharsets.UTF_8)).isEqualTo("DSSEv1 4 t/é 0 ");
    }

    @Test
    void aSignedEnvelopeVerifiesAndAnyChangedByteDoesNot() {
        SigningKeys keys = SigningKeys.loadOrCreate(data);
        byte[] body = "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8);
        DsseEnvelope envelope = DsseEnvelope.sign(keys.current(), TYPE, body);
        assertThat(envelope.payload()).isEqualTo(Base64.getEncoder().encodeToString(body));
        assertThat(envelope.signatures()).extracting(DsseEnvelope.Signature::keyid).containsExactly(keys.current().id());
        assertThat(envelope.problem(keys)).isEmpty();
        assertThat(keys.current().verifies(DsseEnvelope.pae(TYPE, body),
                Base64.getDecoder().decode(envelope.signatures().get(0).sig()))).isTrue();

        DsseEnvelope read = DsseEnvelope.parse(envelope.toJson()).orElseThrow();
        assertThat(read).isEqualTo(envelope);
        assertThat(envelope.toJson()).contains("\"payloadType\":\"" + TYPE + "\"").contains("\"keyid\"").contains("\"sig\"");

        byte[] changed = body.clone();
        changed[3] ^= 1;
        DsseEnvelope payloadChanged = new DsseEnvelope(TYPE, Base64.getEncoder().encodeToString(changed),
                envelope.signatures());
        assertThat(payloadChanged.problem(keys)).hasValueSatisfying(p -> assertThat(p)
                .contains("does not verify with this server's key " + keys.current().id()));
        DsseEnvelope typeChanged = new DsseEnvelope("application/json", envelope.payload(), envelope.signatures());
        assertThat(typeChanged.problem(keys)).isPresent();
        byte[] sig = Base64.getDecoder().decode(envelope.signatures().get(0).sig());
        sig[10] ^= 1;
        DsseEnvelope sigChanged = new DsseEnvelope(TYPE, envelope.payload(), List.of(
                new DsseEnvelope.Signature(keys.current().id(), Base64.getEncoder().encodeToString(sig))));
        assertThat(sigChanged.problem(keys)).isPresent();
    }

    @Test
    void anotherServersSignatureIsNamedAsSuch() {
        SigningKeys ours = SigningKeys.loadOrCreate(data.resolve("a"));
        SigningKeys theirs = SigningKeys.loadOrCreate(data.resolve("b"));
        DsseEnvelope envelope = DsseEnvelope.sign(theirs.current(), TYPE, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.problem(ours)).hasValueSatisfying(p -> assertThat(p)
                .contains("signed by none of this server's keys").contains(theirs.current().id()));
        assertThat(DsseEnvelope.parse("not json")).isEmpty();
    }
}
