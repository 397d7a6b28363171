package dev.slipway.web.registry;

import dev.slipway.image.Registry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A blob sent whole or as one byte range ({@code Range: bytes=a-b}, {@code a-}, {@code -n}: 206 with Content-Range;
 * 416 when the range lies outside the blob). The file is memory-mapped a window at a time and handed to Jetty as
 * is, so no byte passes through a Java buffer on its way to the socket.
 */
final class BlobResponses {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final long WINDOW = 64L * 1024 * 1024;

    private BlobResponses() {}

    /** First and last byte of a single range; empty when there is none (or several: then the whole blob is sent). */
    record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    static void send(Registry.Blob blob, String rangeHeader, boolean head, HttpServletResponse res) throws IOException {
        res.setHeader("Docker-Content-Digest", blob.digest().toString());
        res.setHeader("ETag", "\"" + blob.digest() + "\"");
        res.setHeader("Accept-Ranges", "bytes");
        res.setContentType("application/octet-stream");
        Optional<Span> span;
        try {
            span = span(rangeHeader, blob.size());
        } catch (IllegalArgumentException unsatisfiable) {
            res.setStatus(416);
            res.setHeader("Content-Range", "bytes */" + blob.size());
            res.setContentLengthLong(0);
            return;
        }
        Span send = span.orElse(new Span(0, blob.size() - 1));
        if (span.isPresent()) {
            res.setStatus(206);
            res.setHeader("Content-Range", "bytes " + send.first() + "-" + send.last() + "/" + blob.size());
        } else {
            res.setStatus(200);
        }
        res.setContentLengthLong(Math.max(0, send.length()));
        if (!head && send.length() > 0) {
            write(blob, send, res.getOutputStream());
        }
    }

    /** The requested range clipped to the blob; IllegalArgumentException when it cannot be satisfied. */
    static Optional<Span> span(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty(); // several ranges or another unit: the whole blob, as RFC 9110 allows
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
            if (suffix == 0) {
                throw new IllegalArgumentException("an empty suffix range");
            }
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            if (last < first) {
                throw new IllegalArgumentException("range ends before it starts");
            }
        }
        if (first >= size) {
            throw new IllegalArgumentException("range starts past the end");
        }
        return Optional.of(new Span(first, last));
    }

    private static void write(Registry.Blob blob, Span span, ServletOutputStream out) throws IOException {
        try (FileChannel file = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            if (!(out instanceof HttpOutput jetty)) {
                file.transferTo(span.first(), span.length(), Channels.newChannel(out));
                return;
            }
            long position = span.first();
            long end = span.last() + 1;
            while (position < end) {
                long length = Math.min(WINDOW, end - position);
                ByteBuffer window = file.map(FileChannel.MapMode.READ_ONLY, position, length);
                jetty.write(window);
                position += length;
            }
        }
    }
}
