package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one owner of "the pipeline file at commit C": read from git, parsed and kept by app and commit. The file at a
 * commit never changes, so it is read and parsed once instead of on every push, page view and promotion check.
 * Bounded, least recently used out first; a read that throws (the commit is not there) is not remembered, a missing
 * or invalid file is (it stays so). A file whose environments name Kubernetes manifests that fail {@link Manifests}'
 * checks is invalid with the manifest's message.
 */
public final class PipelineFiles {
    static final int DEFAULT_SIZE = 4096;

    private final SourceRepository source;
    private final PipelineParser parser = new PipelineParser();
    private final Map<Key, PipelineFile> files;

    private record Key(String app, String commit) {}

    public PipelineFiles(SourceRepository source) {
        this(source, DEFAULT_SIZE);
    }

    PipelineFiles(SourceRepository source, int size) {
        this.source = source;
        this.files = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, PipelineFile> eldest) {
                return size() > size;
            }
        };
    }

    /** The file at {@code commit} of {@code app}: missing, invalid or parsed. */
    public PipelineFile at(String app, String commit) {
        Key key = new Key(app, commit);
        synchronized (files) {
            PipelineFile known = files.get(key);
            if (known != null) {
                return known;
            }
        }
        // read outside the lock: two threads may parse the same file once each, and both get the same answer
        PipelineFile file = read(app, commit);
        synchronized (files) {
            files.put(key, file);
        }
        return file;
    }

    /** The pipeline file at a run's commit, parsed; empty when it is missing or invalid. */
    public Optional<PipelineSpec> specOf(Run run) {
        return at(run.app(), run.commit()).spec();
    }

    private PipelineFile read(String app, String commit) {
        Optional<FileHead> head = source.readHead(app, commit, PipelineParser.FILE, PipelineParser.MAX_FILE_BYTES);
        if (head.isEmpty()) {
            return PipelineFile.missing();
        }
        Digest digest = head.get().digest();
        try {
            if (!head.get().whole()) {
                throw PipelineText.tooLarge(head.get().bytes(), head.get().size(), PipelineParser.MAX_FILE_BYTES);
            }
            PipelineSpec spec = parser.parse(new String(head.get().bytes(), StandardCharsets.UTF_8));
            checkManifests(app, commit, spec);
            return PipelineFile.parsed(digest, spec);
        } catch (PipelineException | ManifestException e) {
            return PipelineFile.invalid(digest, e.getMessage());
        }
    }

    /**
     * The commit's manifests belong to its pipeline file: one that names manifests Slipway would not apply is as
     * invalid as the file itself, so every caller (push, tag, promotion) refuses it the same way. Only the verdict is
     * kept, never the manifests (up to 4 MiB per commit would crowd the cache); a deployment reads them again.
     */
    private void checkManifests(String app, String commit, PipelineSpec spec) throws ManifestException {
        for (EnvironmentSpec env : spec.environments()) {
            Manifests.read(source, app, commit, env);
        }
    }
}
