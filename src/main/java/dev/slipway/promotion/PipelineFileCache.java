package dev.slipway.promotion;

import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed pipeline files by app and commit. The file at a commit never changes, so it is read from git and parsed
 * once instead of on every page view and every promotion check. Bounded, least recently used out first; a read
 * that throws (the commit is not there) is not remembered, a missing or invalid file is (it stays so).
 */
public final class PipelineFileCache implements PipelineFiles {
    static final int DEFAULT_SIZE = 4096;

    private final PipelineFiles source;
    private final Map<Key, Optional<PipelineSpec>> specs;

    private record Key(String app, String commit) {}

    public PipelineFileCache(PipelineFiles source) {
        this(source, DEFAULT_SIZE);
    }

    PipelineFileCache(PipelineFiles source, int size) {
        this.source = source;
        this.specs = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Optional<PipelineSpec>> eldest) {
                return size() > size;
            }
        };
    }

    @Override
    public Optional<PipelineSpec> specOf(Run run) {
        Key key = new Key(run.app(), run.commit());
        synchronized (specs) {
            Optional<PipelineSpec> known = specs.get(key);
            if (known != null) {
                return known;
            }
        }
        // read outside the lock: two threads may parse the same file once each, and both get the same answer
        Optional<PipelineSpec> spec = source.specOf(run);
        synchronized (specs) {
            specs.put(key, spec);
        }
        return spec;
    }
}
