package dev.slipway.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads raw ustar headers, PAX extension headers included, so tests see every byte that reaches the digest. */
final class TarHeaders {

    record Header(String name, char type, long size, long mtime, long uid, long gid, String userName, String groupName) {}

    static List<Header> read(Path tar) throws IOException {
        byte[] bytes = Files.readAllBytes(tar);
        List<Header> headers = new ArrayList<>();
        int offset = 0;
        while (offset + 512 <= bytes.length && bytes[offset] != 0) {
            long size = octal(bytes, offset + 124, 12);
            headers.add(new Header(text(bytes, offset, 100), (char) bytes[offset + 156], size, octal(bytes, offset + 136, 12),
                    octal(bytes, offset + 108, 8), octal(bytes, offset + 116, 8), text(bytes, offset + 265, 32), text(bytes, offset + 297, 32)));
            offset += 512 + (int) ((size + 511) / 512) * 512;
        }
        return headers;
    }

    private static String text(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int from, int length) {
        String digits = text(bytes, from, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
