package dev.slipway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.ImageTag;
import dev.slipway.image.StoredManifest;
import dev.slipway.image.TagOwner;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link ImageRepository} on the V17 tables (and V19's pushes by run, V30's subjects); layers and children are kept as
 * JSON lists in their manifest's row, annotations as a JSON object.
 */
public final class SqlImageRepository implements ImageRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "repository, digest, app, media_type, size, image_size, config, layers, children, "
            + "run, pushed_by, created_at, subject, artifact_type, annotations";
    private static final RowMapper<StoredManifest> MANIFEST = (rs, ctx) -> {
        long run = rs.getLong("run");
        OptionalLong runOf = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(run);
        String config = rs.getString("config");
        return new StoredManifest(rs.getString("repository"), rs.getString("app"), Digest.parse(rs.getString("digest")),
                rs.getString("media_type"), rs.getLong("size"), rs.getLong("image_size"),
                Optional.ofNullable(config).map(Digest::parse), layers(rs.getString("layers")),
                children(rs.getString("children")), runOf, rs.getString("pushed_by"), Times.instant(rs, "created_at"),
                Optional.ofNullable(rs.getString("subject")).map(Digest::parse),
                Optional.ofNullable(rs.getString("artifact_type")), annotations(rs.getString("annotations")));
    };
    private static final RowMapper<ImageTag> TAG = (rs, ctx) -> new ImageTag(rs.getString("repository"),
            rs.getString("tag"), Digest.parse(rs.getString("digest")), TagOwner.valueOf(rs.getString("owner")),
            Times.instant(rs, "updated_at"));

    private final Database db;

    public SqlImageRepository(Database database) {
        this.db = database;
    }

    @Override
    public void recordManifest(StoredManifest m) {
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO image_manifests (" + COLUMNS + ") VALUES (:repository, :digest, :app, :mediaType, "
                            + ":size, :imageSize, :config, :layers, :children, :run, :pushedBy, :at, :subject, :artifactType, "
                            + ":annotations) "
                            + "ON CONFLICT (repository, digest) DO NOTHING")
                    .bind("repository", m.repository()).bind("digest", m.digest().toString()).bind("app", m.app())
                    .bind("mediaType", m.mediaType()).bind("size", m.size()).bind("imageSize", m.imageSize())
                    .bind("config", m.config().map(Digest::toString).orElse(null))
                    .bind("layers", write(m.layers().stream().map(d -> Map.of("mediaType", d.mediaType(),
                            "digest", d.digest().toString(), "size", d.size())).toList()))
                    .bind("children", write(m.children().stream().map(Digest::toString).toList()))
                    .bind("run", m.run().isPresent() ? m.run().getAsLong() : null)
                    .bind("pushedBy", m.pushedBy()).bind("at", Times.millis(m.createdAt()))
                    .bind("subject", m.subject().map(Digest::toString).orElse(null))
                    .bind("artifactType", m.artifactType().orElse(null))
                    .bind("annotations", m.annotations().isEmpty() ? null : write(new java.util.TreeMap<>(m.annotations())))
                    .execute();
            for (Digest blob : m.blobs()) {
                link(h, m.repository(), blob, m.createdAt());
            }
            if (m.run().isPresent()) {
                h.createUpdate("INSERT INTO image_pushes (repository, digest, run, pushed_by, pushed_at) "
                                + "VALUES (:repository, :digest, :run, :pushedBy, :at) "
                                + "ON CONFLICT (repository, run, digest) DO UPDATE SET pushed_at = :at")
                        .bind("repository", m.repository()).bind("digest", m.digest().toString())
                        .bind("run", m.run().getAsLong()).bind("pushedBy", m.pushedBy())
                        .bind("at", Times.millis(m.createdAt())).execute();
            }
        });
    }

    @Override
    public Optional<StoredManifest> findManifest(String repository, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM image_manifests WHERE repository = :r AND digest = :d")
                .bind("r", repository).bind("d", digest.toString()).map(MANIFEST).findOne());
    }

    @Override
    public Optional<StoredManifest> findImage(String app, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM image_manifests WHERE app = :app AND digest = :d "
                        + "ORDER BY CASE WHEN repository = :app THEN 0 ELSE 1 END, repository")
                .bind("app", app).bind("d", digest.toString()).map(MANIFEST).findFirst());
    }

    @Override
    public List<StoredManifest> manifests(String repository) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM image_manifests WHERE repository = :r "
                        + "ORDER BY created_at DESC, digest")
                .bind("r", repository).map(MANIFEST).list());
    }

    @Override
    public List<StoredManifest> referrers(String repository, Digest subject) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM image_manifests WHERE repository = :r "
                        + "AND subject = :s ORDER BY created_at, digest")
                .bind("r", repository).bind("s", subject.toString()).map(MANIFEST).list());
    }

    @Override
    public List<String> repositories(String app) {
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT repository FROM image_manifests WHERE app = :app "
                        + "ORDER BY repository")
                .bind("app", app).mapTo(String.class).list());
    }

    @Override
    public Optional<StoredManifest> pushedBy(String repository, long run) {
        // by the pushes, not the manifest's own run: the run may have pushed a manifest an earlier run recorded first
        return db.withHandle(h -> h.createQuery("SELECT " + prefixed("m") + " FROM image_pushes p JOIN image_manifests m "
                        + "ON m.repository = p.repository AND m.digest = p.digest WHERE p.repository = :r AND p.run = :run "
                        + "ORDER BY p.pushed_at DESC, p.digest")
                .bind("r", repository).bind("run", run).map(MANIFEST).findFirst());
    }

    @Override
    public void linkBlob(String repository, Digest blob, Instant at) {
        db.useHandle(h -> link(h, repository, blob, at));
    }

    private static void link(Handle h, String repository, Digest blob, Instant at) {
        h.createUpdate("INSERT INTO image_blob_links (repository, digest, linked_at) VALUES (:r, :d, :at) "
                        + "ON CONFLICT (repository, digest) DO UPDATE SET linked_at = :at")
                .bind("r", repository).bind("d", blob.toString()).bind("at", Times.millis(at)).execute();
    }

    @Override
    public boolean hasBlob(String repository, Digest blob) {
        return db.withHandle(h -> h.createQuery("SELECT 1 FROM image_blob_links WHERE repository = :r AND digest = :d")
                .bind("r", repository).bind("d", blob.toString()).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public void setTag(ImageTag tag) {
        db.useHandle(h -> h.createUpdate("INSERT INTO image_tags (repository, tag, digest, owner, updated_at) "
                        + "VALUES (:r, :t, :d, :o, :at) ON CONFLICT (repository, tag) DO UPDATE SET digest = :d, owner = :o, "
                        + "updated_at = :at")
                .bind("r", tag.repository()).bind("t", tag.tag()).bind("d", tag.digest().toString())
                .bind("o", tag.owner().name()).bind("at", Times.millis(tag.updatedAt())).execute());
    }

    @Override
    public Optional<ImageTag> findTag(String repository, String tag) {
        return db.withHandle(h -> h.createQuery("SELECT repository, tag, digest, owner, updated_at FROM image_tags "
                        + "WHERE repository = :r AND tag = :t")
                .bind("r", repository).bind("t", tag).map(TAG).findOne());
    }

    @Override
    public List<ImageTag> tags(String repository) {
        return db.withHandle(h -> h.createQuery("SELECT repository, tag, digest, owner, updated_at FROM image_tags "
                        + "WHERE repository = :r ORDER BY tag")
                .bind("r", repository).map(TAG).list());
    }

    @Override
    public List<ImageTag> tagsOf(String app, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT repository, tag, digest, owner, updated_at FROM image_tags "
                        + "WHERE digest = :d AND (repository = :app OR repository LIKE :prefix) ORDER BY repository, tag")
                .bind("d", digest.toString()).bind("app", app).bind("prefix", app + "/%").map(TAG).list());
    }

    @Override
    public Set<Digest> referencedDigests() {
        return db.withHandle(h -> {
            Set<Digest> referenced = new HashSet<>();
            h.createQuery("SELECT digest, config, layers, children FROM image_manifests").map((rs, ctx) -> {
                referenced.add(Digest.parse(rs.getString("digest")));
                String config = rs.getString("config");
                if (config != null) {
                    referenced.add(Digest.parse(config));
                }
                layers(rs.getString("layers")).forEach(l -> referenced.add(l.digest()));
                children(rs.getString("children")).forEach(referenced::add);
                return 0;
            }).list();
            h.createQuery("SELECT digest FROM image_blob_links").mapTo(String.class)
                    .forEach(d -> referenced.add(Digest.parse(d)));
            return referenced;
        });
    }

    @Override
    public void deleteManifest(String repository, Digest digest) {
        db.useHandle(h -> h.createUpdate("DELETE FROM image_manifests WHERE repository = :r AND digest = :d")
                .bind("r", repository).bind("d", digest.toString()).execute());
    }

    @Override
    public void deleteTag(String repository, String tag) {
        db.useHandle(h -> h.createUpdate("DELETE FROM image_tags WHERE repository = :r AND tag = :t")
                .bind("r", repository).bind("t", tag).execute());
    }

    @Override
    public void unlinkBlob(String repository, Digest blob) {
        db.useHandle(h -> h.createUpdate("DELETE FROM image_blob_links WHERE repository = :r AND digest = :d")
                .bind("r", repository).bind("d", blob.toString()).execute());
    }

    @Override
    public List<StoredManifest> allManifests() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM image_manifests ORDER BY created_at, repository, digest")
                .map(MANIFEST).list());
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    private static List<Descriptor> layers(String json) {
        try {
            List<Map<String, Object>> rows = JSON.readValue(json, new TypeReference<>() { });
            return rows.stream().map(r -> new Descriptor((String) r.get("mediaType"), Digest.parse((String) r.get("digest")),
                    ((Number) r.get("size")).longValue())).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the layers of a stored manifest are not readable JSON: " + json, e);
        }
    }

    private static Map<String, String> annotations(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the annotations of a stored manifest are not readable JSON: " + json, e);
        }
    }

    private static List<Digest> children(String json) {
        try {
            List<String> rows = JSON.readValue(json, new TypeReference<>() { });
            return rows.stream().map(Digest::parse).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the children of a stored manifest are not readable JSON: " + json, e);
        }
    }
}
