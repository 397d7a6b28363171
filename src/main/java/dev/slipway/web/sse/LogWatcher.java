package dev.slipway.web.sse;

/**
 * One reader's place in one followed job log: a dashboard page ({@link PageWatcher}) or one job of a run
 * followed by the API ({@link LogStream}). {@code position} (the byte offset it was given everything up to) and
 * {@code fullSince} (when the ticker first saw it full, 0 if it is not) are the ticker's.
 */
abstract class LogWatcher {
    long position;
    long fullSince;

    LogWatcher(long position) {
        this.position = position;
    }

    /** Whether it has so much waiting that the log should not be read further until it takes some. */
    abstract boolean full();

    /** Whether it went away (or was hung up on). */
    abstract boolean gone();

    abstract void hangUp();

    /**
     * Whether a late joiner gets all of the log it has not had (a run's log, every line) or only the last chunk of
     * it (a page, which already shows the log up to where it joins).
     */
    abstract boolean wholeLog();

    /** The log's bytes up to {@code endOffset}, as text: whole lines (or a piece of a long one), about {@code size} bytes. */
    abstract void lines(String text, int size, long endOffset);

    /** The log was quiet for a while: a comment keeps proxies from cutting the stream. */
    abstract void keepAlive();

    /** The job ended ({@code state}) and all of its log was given. */
    abstract void end(String state);
}
