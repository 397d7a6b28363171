package dev.slipway.runner;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A step's output as the engine streams it (stdout and stderr frames of one exec), cut into lines as they come, each
 * stream on its own so a line is never half of one and half of the other; the log masks them as it does a local
 * job's. Bytes are kept until a line ends, so a character split across frames is decoded whole; a line without an
 * end is cut at {@value #MAX_LINE_BYTES} bytes so a binary dump cannot grow without bound.
 */
final class StepOutput extends ResultCallback.Adapter<Frame> {
    static final int MAX_LINE_BYTES = 1 << 20;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    StepOutput(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        ByteArrayOutputStream line = frame.getStreamType() == StreamType.STDERR ? err : out;
        for (byte b : frame.getPayload()) {
            if (b == '\n') {
                emit(line);
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE_BYTES) {
                    emit(line);
                }
            }
        }
    }

    @Override
    public synchronized void onComplete() {
        finish();
        super.onComplete();
    }

    @Override
    public synchronized void onError(Throwable throwable) {
        finish();
        super.onError(throwable);
    }

    private void finish() {
        if (out.size() > 0) {
            emit(out);
        }
        if (err.size() > 0) {
            emit(err);
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
