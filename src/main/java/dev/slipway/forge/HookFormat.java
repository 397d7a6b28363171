package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One forge's webhook format: how its deliveries are read and how their signature is checked. One file per forge. */
interface HookFormat {
    Forge forge();

    /**
     * Reads the delivery from its lower-cased headers and parsed body; a {@link dev.slipway.Problem#invalid} naming
     * what is missing when it is not the forge's format.
     */
    ForgeEvent read(Map<String, String> headers, JsonNode body);

    /** Whether the delivery was signed with {@code secret} (constant time). */
    boolean signedWith(Map<String, String> headers, byte[] body, String secret);

    /** The header the signature travels in, for messages. */
    String signatureHeader();
}
