package dev.slipway.image;

/** Where an upload session stands: its id, repository and how many bytes it has received. */
public record UploadState(String id, String repository, long size) {
    /** The spec's Range value for what was received: {@code 0-<last offset>} ({@code 0-0} when nothing yet). */
    public String range() {
        return "0-" + Math.max(0, size - 1);
    }
}
