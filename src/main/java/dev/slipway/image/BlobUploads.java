package dev.slipway.image;

import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob upload sessions: each writes into its own incoming file of the artifact store (never memory), chunk after
 * chunk in order, and ends stored under its digest once the content is checked against it, or discarded. A session
 * nobody touched for {@link #IDLE_LIMIT} is gone (looked for at every new session and every access).
 */
final class BlobUploads {
    static final Duration IDLE_LIMIT = Duration.ofHours(1);
    private static final int BUFFER = 1024 * 1024;

    private final ArtifactStore store;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    BlobUploads(ArtifactStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One upload in progress; its methods are synchronized so two requests for it cannot interleave bytes. */
    private static final class Session {
        final String id;
        final String repository;
        final Path file;
        long size;
        Instant touched;
        boolean closed;

        Session(String id, String repository, Path file, Instant touched) {
            this.id = id;
            this.repository = repository;
            this.file = file;
            this.touched = touched;
        }

        UploadState state() {
            return new UploadState(id, repository, size);
        }
    }

    UploadState start(String repository) throws IOException {
        expireIdle();
        String id = UUID.randomUUID().toString();
        Session session = new Session(id, repository, store.newIncoming("upload-"), clock.instant());
        sessions.put(id, session);
        return session.state();
    }

    UploadState status(String repository, String id) throws RegistryException {
        Session session = find(repository, id);
        synchronized (session) {
            live(session);
            return session.state();
        }
    }

    /**
     * Appends a chunk; {@code start} (from Content-Range) must be where the upload stands, else 416 and nothing
     * written. Without it the chunk is appended (a streamed upload).
     */
    UploadState append(String repository, String id, InputStream chunk, OptionalLong start)
            throws RegistryException, IOException {
        Session session = find(repository, id);
        synchronized (session) {
            live(session);
            if (start.isPresent() && start.getAsLong() != session.size) {
                throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, "this chunk starts at byte "
                        + start.getAsLong() + " but the upload has " + session.size + " bytes: send the chunk that starts "
                        + "at " + session.size + " (chunks must come in order)", session.state().range(), 416);
            }
            session.size += write(session.file, session.size, chunk);
            session.touched = clock.instant();
            return session.state();
        }
    }

    /** Appends the last chunk (may be empty), checks the content against {@code digest} and stores it; the session ends. */
    long complete(String repository, String id, Digest digest, InputStream lastChunk)
            throws RegistryException, IOException {
        Session session = find(repository, id);
        synchronized (session) {
            live(session);
            session.closed = true;
            sessions.remove(id);
            try {
                write(session.file, session.size, lastChunk);
                return store.storeBlob(session.file, digest);
            } catch (ArtifactException e) {
                throw new RegistryException(RegistryError.DIGEST_INVALID, "the uploaded content does not match the "
                        + "digest given: " + e.getMessage(), digest.toString());
            } finally {
                store.discardIncoming(session.file);
            }
        }
    }

    void cancel(String repository, String id) throws RegistryException {
        Session session = find(repository, id);
        synchronized (session) {
            end(session);
        }
    }

    /** Ends every session idle for longer than {@link #IDLE_LIMIT}, its file deleted. */
    void expireIdle() {
        Instant cutoff = clock.instant().minus(IDLE_LIMIT);
        for (Session session : sessions.values()) {
            synchronized (session) {
                if (!session.closed && session.touched.isBefore(cutoff)) {
                    end(session);
                }
            }
        }
    }

    private void end(Session session) {
        session.closed = true;
        sessions.remove(session.id);
        store.discardIncoming(session.file);
    }

    private Session find(String repository, String id) throws RegistryException {
        Session session = sessions.get(id);
        if (session == null || !session.repository.equals(repository)) {
            throw unknown(id);
        }
        return session;
    }

    /** Refuses a session that ended (or expired) while the caller waited for it. */
    private void live(Session session) throws RegistryException {
        if (!session.closed && session.touched.isBefore(clock.instant().minus(IDLE_LIMIT))) {
            end(session);
        }
        if (session.closed) {
            throw unknown(session.id);
        }
    }

    private static RegistryException unknown(String id) {
        return new RegistryException(RegistryError.BLOB_UPLOAD_UNKNOWN, "no upload " + id + " in progress here: it "
                + "finished, was cancelled, or was idle for more than " + IDLE_LIMIT.toHours() + " hour; start a new "
                + "upload (POST /v2/<name>/blobs/uploads/)", id);
    }

    /**
     * Appends the stream to the file (which holds {@code base} bytes) through one large buffer; returns the bytes
     * written. A stream that breaks off (the client went away) leaves the file as it was, so the upload can go on.
     */
    private static long write(Path file, long base, InputStream in) throws IOException {
        long written = 0;
        byte[] bytes = new byte[BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.position(base);
            try {
                int read;
                while ((read = in.readNBytes(bytes, 0, bytes.length)) > 0) {
                    buffer.clear().limit(read);
                    while (buffer.hasRemaining()) {
                        written += channel.write(buffer);
                    }
                }
            } catch (IOException broken) {
                channel.truncate(base);
                throw broken;
            }
        }
        return written;
    }
}
