package dev.slipway.web.registry;

/**
 * A request path under {@code /v2/}, split into what it addresses. Repository names contain '/', so the path is read
 * from its end: {@code <name>/tags/list}, {@code <name>/blobs/uploads/[<id>]}, {@code <name>/manifests/<ref>},
 * {@code <name>/blobs/<digest>}.
 */
record RegistryPath(Kind kind, String name, String reference) {
    enum Kind { BASE, MANIFEST, BLOB, UPLOADS, UPLOAD, TAGS, REFERRERS, UNKNOWN }

    static final String PREFIX = "/v2";

    static RegistryPath parse(String uri) {
        String rest = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : uri;
        if (rest.isEmpty() || rest.equals("/")) {
            return new RegistryPath(Kind.BASE, null, null);
        }
        rest = rest.substring(1);
        if (rest.endsWith("/tags/list")) {
            return new RegistryPath(Kind.TAGS, rest.substring(0, rest.length() - "/tags/list".length()), null);
        }
        if (rest.endsWith("/blobs/uploads") || rest.endsWith("/blobs/uploads/")) {
            return new RegistryPath(Kind.UPLOADS, rest.substring(0, rest.lastIndexOf("/blobs/uploads")), null);
        }
        int uploads = rest.lastIndexOf("/blobs/uploads/");
        if (uploads > 0) {
            return new RegistryPath(Kind.UPLOAD, rest.substring(0, uploads), rest.substring(uploads + "/blobs/uploads/".length()));
        }
        int referrers = rest.lastIndexOf("/referrers/");
        if (referrers > 0 && rest.indexOf('/', referrers + "/referrers/".length()) < 0) {
            return new RegistryPath(Kind.REFERRERS, rest.substring(0, referrers),
                    rest.substring(referrers + "/referrers/".length()));
        }
        int manifests = rest.lastIndexOf("/manifests/");
        if (manifests > 0) {
            return new RegistryPath(Kind.MANIFEST, rest.substring(0, manifests), rest.substring(manifests + "/manifests/".length()));
        }
        int blobs = rest.lastIndexOf("/blobs/");
        if (blobs > 0) {
            return new RegistryPath(Kind.BLOB, rest.substring(0, blobs), rest.substring(blobs + "/blobs/".length()));
        }
        return new RegistryPath(Kind.UNKNOWN, null, null);
    }

    String manifestLocation(String reference) {
        return PREFIX + "/" + name + "/manifests/" + reference;
    }

    String blobLocation(String digest) {
        return PREFIX + "/" + name + "/blobs/" + digest;
    }

    String uploadLocation(String id) {
        return PREFIX + "/" + name + "/blobs/uploads/" + id;
    }

    String tagsLocation() {
        return PREFIX + "/" + name + "/tags/list";
    }
}
