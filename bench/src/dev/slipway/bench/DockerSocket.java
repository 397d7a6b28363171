package dev.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The Docker Engine API of one engine over its unix socket, for what the CLI is too slow for: a stream of container
 * events as they happen and a container's inspect in a millisecond. HTTP/1.0, so the engine answers without chunks
 * and closes the connection when it is done.
 */
public final class DockerSocket {
    private final Path socket;

    /** {@code host}: unix:///…/docker.sock. */
    public DockerSocket(String host) {
        if (!host.startsWith("unix://")) {
            throw new IllegalArgumentException("DockerSocket speaks to unix:// engines only, got " + host);
        }
        this.socket = Path.of(host.substring("unix://".length()));
    }

    /** GETs {@code path} (e.g. /containers/ID/json) and parses the JSON answer; anything but 200 throws. */
    public JsonNode get(String path) throws IOException {
        try (SocketChannel channel = open(path);
             BufferedReader in = reader(channel)) {
            String status = headers(in, path);
            StringBuilder body = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                body.append(buffer, 0, n);
            }
            if (!status.contains(" 200 ")) {
                throw new IOException("GET " + path + " on " + socket + ": " + status + " " + body);
            }
            return Api.JSON.readTree(body.toString());
        }
    }

    /**
     * Streams the engine's events matching {@code filters} (the API's JSON filter object) to {@code each}, one per
     * event as it arrives, on a daemon thread; closing the returned channel ends the stream.
     */
    public SocketChannel events(String filters, Consumer<JsonNode> each) throws IOException {
        String path = "/events?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8);
        SocketChannel channel = open(path);
        BufferedReader in = reader(channel);
        String status = headers(in, path);
        if (!status.contains(" 200 ")) {
            channel.close();
            throw new IOException("GET " + path + " on " + socket + ": " + status);
        }
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        each.accept(Api.JSON.readTree(line));
                    }
                }
            } catch (IOException closed) {
                // the stream ends when the channel is closed (or the engine stops)
            }
        }, "docker-events " + socket);
        reader.setDaemon(true);
        reader.start();
        return channel;
    }

    private SocketChannel open(String path) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        while (request.hasRemaining()) {
            channel.write(request);
        }
        return channel;
    }

    private static BufferedReader reader(SocketChannel channel) {
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    /** Reads the status line and the headers; returns the status line. */
    private String headers(BufferedReader in, String path) throws IOException {
        String status = in.readLine();
        if (status == null) {
            throw new IOException("GET " + path + " on " + socket + ": the engine closed the connection");
        }
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            // headers: nothing here needs them
        }
        return status;
    }
}
