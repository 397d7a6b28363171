package dev.slipway.web.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.image.Manifest;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.Registry;
import dev.slipway.image.RegistryError;
import dev.slipway.image.RegistryException;
import dev.slipway.image.RegistryNames;
import dev.slipway.image.StoredManifest;
import dev.slipway.image.UploadState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One handler per endpoint of the spec, translating HTTP (headers, query, status) to {@link Registry} and back. */
final class RegistryRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/.*)?");

    private final Registry registry;
    private final RegistryDoor door;

    RegistryRequests(Registry registry, RegistryDoor door) {
        this.registry = registry;
        this.door = door;
    }

    void handle(RegistryPath path, Optional<RegistryDoor.Caller> caller, HttpServletRequest req,
                HttpServletResponse res) throws RegistryException, IOException {
        String method = req.getMethod();
        Query query = Query.of(req.getQueryString());
        switch (path.kind()) {
            case MANIFEST -> {
                switch (method) {
                    case "GET", "HEAD" -> getManifest(path, req, res, method.equals("HEAD"));
                    case "PUT" -> putManifest(path, caller.orElseThrow(), req, res);
                    case "DELETE" -> throw deletesUnsupported();
                    default -> throw notAllowed(method, path);
                }
            }
            case BLOB -> {
                switch (method) {
                    case "GET", "HEAD" -> BlobResponses.send(registry.blob(path.name(), path.reference()),
                            req.getHeader("Range"), method.equals("HEAD"), res);
                    case "DELETE" -> throw deletesUnsupported();
                    default -> throw notAllowed(method, path);
                }
            }
            case UPLOADS -> {
                if (!method.equals("POST")) {
                    throw notAllowed(method, path);
                }
                startUpload(path, caller, query, req, res);
            }
            case UPLOAD -> upload(path, method, query, req, res);
            case TAGS -> {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    throw notAllowed(method, path);
                }
                tags(path, query, req, res);
            }
            case REFERRERS -> {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    throw notAllowed(method, path);
                }
                referrers(path, query, req, res);
            }
            default -> throw notAllowed(method, path);
        }
    }

    /**
     * The referrers of a digest (OCI distribution 1.1): an image index of the descriptors of the repository's
     * manifests whose subject it is, each with its artifactType and annotations; {@code ?artifactType=} filters,
     * and says so in {@code OCI-Filters-Applied}. A digest nothing refers to gets an empty index, not a 404.
     */
    private void referrers(RegistryPath path, Query query, HttpServletRequest req, HttpServletResponse res)
            throws RegistryException, IOException {
        Optional<String> artifactType = Optional.ofNullable(query.get("artifactType")).filter(t -> !t.isEmpty());
        List<Map<String, Object>> descriptors = new ArrayList<>();
        for (StoredManifest m : registry.referrers(path.name(), path.reference(), artifactType)) {
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("mediaType", m.mediaType());
            descriptor.put("digest", m.digest().toString());
            descriptor.put("size", m.size());
            m.artifactType().ifPresent(t -> descriptor.put("artifactType", t));
            if (!m.annotations().isEmpty()) {
                descriptor.put("annotations", new TreeMap<>(m.annotations()));
            }
            descriptors.add(descriptor);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OciMediaTypes.OCI_INDEX);
        index.put("manifests", descriptors);
        byte[] bytes = JSON.writeValueAsBytes(index);
        if (artifactType.isPresent()) {
            res.setHeader("OCI-Filters-Applied", "artifactType");
        }
        res.setStatus(200);
        res.setContentType(OciMediaTypes.OCI_INDEX);
        res.setContentLength(bytes.length);
        if (!req.getMethod().equals("HEAD")) {
            res.getOutputStream().write(bytes);
        }
    }

    private void getManifest(RegistryPath path, HttpServletRequest req, HttpServletResponse res, boolean head)
            throws RegistryException, IOException {
        Registry.ManifestContent content = registry.manifest(path.name(), path.reference());
        String mediaType = content.manifest().mediaType();
        if (!Accepts.mediaType(Collections.list(req.getHeaders("Accept")), mediaType)) {
            throw new RegistryException(RegistryError.MANIFEST_UNKNOWN, "manifest " + path.reference() + " is a "
                    + mediaType + ", which the Accept header does not accept: add it to Accept", path.reference());
        }
        res.setStatus(200);
        res.setContentType(mediaType);
        res.setHeader("Docker-Content-Digest", content.manifest().digest().toString());
        res.setHeader("ETag", "\"" + content.manifest().digest() + "\"");
        res.setContentLength(content.bytes().length);
        if (!head) {
            res.getOutputStream().write(content.bytes());
        }
    }

    private void putManifest(RegistryPath path, RegistryDoor.Caller caller, HttpServletRequest req,
                             HttpServletResponse res) throws RegistryException, IOException {
        byte[] body = req.getInputStream().readNBytes(Manifest.MAX_BYTES + 1);
        Registry.Pushed pushed = registry.putManifest(path.name(), path.reference(), body, req.getContentType(),
                caller.pusher());
        Digest digest = pushed.digest();
        // tells an OCI 1.1 client the registry keeps referrers itself: no fallback tag index is needed
        pushed.subject().ifPresent(subject -> res.setHeader("OCI-Subject", subject.toString()));
        res.setStatus(201);
        res.setHeader("Location", path.manifestLocation(digest.toString()));
        res.setHeader("Docker-Content-Digest", digest.toString());
        res.setContentLength(0);
    }

    /** POST: a mount ({@code ?mount=&from=}), a monolithic upload ({@code ?digest=} with the body), or a new session. */
    private void startUpload(RegistryPath path, Optional<RegistryDoor.Caller> caller, Query query,
                             HttpServletRequest req, HttpServletResponse res) throws RegistryException, IOException {
        String mount = query.get("mount");
        if (mount != null) {
            String from = query.get("from");
            Registry.Mount mounted = registry.mount(path.name(), mount, from, readable(caller, from));
            if (mounted.mounted().isPresent()) {
                created(path, mounted.mounted().get(), res);
            } else {
                accepted(path, mounted.upload().orElseThrow(), res);
            }
            return;
        }
        UploadState upload = registry.startUpload(path.name());
        String digest = query.get("digest");
        if (digest != null) {
            created(path, registry.completeUpload(path.name(), upload.id(), digest, req.getInputStream()), res);
            return;
        }
        accepted(path, upload, res);
    }

    private boolean readable(Optional<RegistryDoor.Caller> caller, String from) {
        try {
            return from != null && door.mayPull(caller, RegistryNames.appOf(from));
        } catch (RegistryException invalidName) {
            return false;
        }
    }

    private void upload(RegistryPath path, String method, Query query, HttpServletRequest req,
                        HttpServletResponse res)
            throws RegistryException, IOException {
        String id = path.reference();
        switch (method) {
            case "GET" -> {
                UploadState state = registry.uploadStatus(path.name(), id);
                uploadHeaders(path, state, res);
                res.setStatus(204);
            }
            case "PATCH" -> accepted(path, registry.appendChunk(path.name(), id, req.getInputStream(),
                    chunkStart(req)), res);
            case "PUT" -> created(path, registry.completeUpload(path.name(), id, query.get("digest"),
                    req.getInputStream()), res);
            case "DELETE" -> {
                registry.cancelUpload(path.name(), id);
                res.setStatus(204);
            }
            default -> throw notAllowed(method, path);
        }
    }

    /** Where a PATCH's chunk starts (Content-Range {@code a-b}); its length must match Content-Length if both are sent. */
    private static OptionalLong chunkStart(HttpServletRequest req) throws RegistryException {
        String range = req.getHeader("Content-Range");
        if (range == null) {
            return OptionalLong.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(range.strip());
        if (!m.matches() || Long.parseLong(m.group(2)) < Long.parseLong(m.group(1))) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, "Content-Range '" + range + "' is not "
                    + "'<first>-<last>' (byte offsets, last included)", range, 416);
        }
        long first = Long.parseLong(m.group(1));
        long length = Long.parseLong(m.group(2)) - first + 1;
        long sent = req.getContentLengthLong();
        if (sent >= 0 && sent != length) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, "Content-Range '" + range + "' is "
                    + length + " bytes but Content-Length is " + sent, range);
        }
        return OptionalLong.of(first);
    }

    private void tags(RegistryPath path, Query query, HttpServletRequest req, HttpServletResponse res) throws IOException,
            RegistryException {
        int n = count(query.get("n"));
        String last = query.get("last");
        Registry.TagPage page = registry.tags(path.name(), n, last);
        if (page.more()) {
            String next = page.tags().get(page.tags().size() - 1);
            res.setHeader("Link", "<" + path.tagsLocation() + "?n=" + n + "&last="
                    + URLEncoder.encode(next, StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", path.name());
        body.put("tags", page.tags());
        byte[] bytes = JSON.writeValueAsBytes(body);
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        if (!req.getMethod().equals("HEAD")) {
            res.getOutputStream().write(bytes);
        }
    }

    private static int count(String n) throws RegistryException {
        if (n == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int value = Integer.parseInt(n);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new RegistryException(RegistryError.UNSUPPORTED, "n=" + n + " is not a count of tags (0 or more)", n, 400);
    }

    private static void created(RegistryPath path, Digest digest, HttpServletResponse res) {
        res.setStatus(201);
        res.setHeader("Location", path.blobLocation(digest.toString()));
        res.setHeader("Docker-Content-Digest", digest.toString());
        res.setContentLength(0);
    }

    private static void accepted(RegistryPath path, UploadState upload, HttpServletResponse res) {
        uploadHeaders(path, upload, res);
        res.setStatus(202);
        res.setContentLength(0);
    }

    private static void uploadHeaders(RegistryPath path, UploadState upload, HttpServletResponse res) {
        res.setHeader("Location", path.uploadLocation(upload.id()));
        res.setHeader("Docker-Upload-UUID", upload.id());
        res.setHeader("Range", upload.range());
    }

    private static RegistryException deletesUnsupported() {
        return new RegistryException(RegistryError.UNSUPPORTED, "Slipway's registry does not delete manifests or "
                + "blobs: unreferenced ones are collected by `slipway gc`", null);
    }

    private static RegistryException notAllowed(String method, RegistryPath path) {
        return new RegistryException(RegistryError.UNSUPPORTED, method + " is not an operation on "
                + path.kind().name().toLowerCase() + " endpoints", method);
    }
}
