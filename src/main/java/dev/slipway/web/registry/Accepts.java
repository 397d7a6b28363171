package dev.slipway.web.registry;

import java.util.List;

/** Content negotiation for manifests: whether Accept headers admit a media type (none sent admits everything). */
final class Accepts {
    private Accepts() {}

    static boolean mediaType(List<String> headers, String mediaType) {
        boolean any = false;
        for (String header : headers) {
            for (String item : header.split(",")) {
                String type = item.split(";", 2)[0].strip();
                if (type.isEmpty()) {
                    continue;
                }
                any = true;
                if (type.equals(mediaType) || type.equals("*/*") || type.equals("application/*")) {
                    return true;
                }
            }
        }
        return !any;
    }
}
