package dev.slipway.store;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditHead;
import dev.slipway.audit.AuditRepository;
import dev.slipway.audit.NewAuditEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Hands each appended entry to a sink, so a test can see (or fail) exactly what a use case audits. */
final class CollectingAuditRepository implements AuditRepository {
    private final Consumer<NewAuditEntry> sink;

    CollectingAuditRepository(Consumer<NewAuditEntry> sink) {
        this.sink = sink;
    }

    @Override
    public void append(NewAuditEntry entry) {
        sink.accept(entry);
    }

    @Override
    public List<AuditEntry> list(String app, long beforeSeq, int limit) {
        return List.of();
    }

    @Override
    public List<AuditEntry> after(long seq, int limit) {
        return List.of();
    }

    @Override
    public Optional<AuditHead> forEachInOrder(Consumer<AuditEntry> visitor) {
        return Optional.empty();
    }
}
