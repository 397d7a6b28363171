package dev.slipway.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A data directory belongs to one server at a time: an exclusive lock on {@code <data>/server.lock}, held for the
 * server's life, with the holder written in the file so a second server can name it. The operating system
 * releases the lock with the process, so a kill -9 leaves nothing stale behind; the file itself stays.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "server.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The data directory this lock holds. */
    Path dir() {
        return dir;
    }

    /** Takes the lock, or throws a {@link StartupException} naming the server holding it. */
    static DataDirLock take(Path data) throws IOException {
        Path file = data.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (another server started in the same JVM)
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new StartupException("the data directory " + data + " is in use by another Slipway server ("
                    + holder + "): stop that server first, or start this one with another --data DIR", null);
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Holder.current().describe().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DataDirLock(data, channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            int read = channel.read(buffer, 0);
            String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
            // the holder writes its name just after it takes the lock: a start in between finds the file empty
            return text.isEmpty() ? "its pid is not written yet" : text;
        } catch (IOException e) {
            return "its pid cannot be read: " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Who holds a lock: this process, on this host, since when. */
    record Holder(long pid, String host, Instant since) {
        static Holder current() {
            return new Holder(ProcessHandle.current().pid(), hostName(), Instant.now());
        }

        String describe() {
            return "pid " + pid + " on " + host + ", started " + since;
        }

        private static String hostName() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "this host";
            }
        }
    }
}
