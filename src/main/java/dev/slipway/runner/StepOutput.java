package dev.slipway.runner;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.process.LineSplitter;
import java.util.function.Consumer;

/**
 * A step's output as the engine streams it (stdout and stderr frames of one exec), cut into lines as they come, each
 * stream on its own so a line is never half of one and half of the other; the log masks them as it does a local job's.
 */
final class StepOutput extends ResultCallback.Adapter<Frame> {
    private final LineSplitter out;
    private final LineSplitter err;

    StepOutput(Consumer<String> lines) {
        this.out = new LineSplitter(lines);
        this.err = new LineSplitter(lines);
    }

    @Override
    public synchronized void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        (frame.getStreamType() == StreamType.STDERR ? err : out).feed(payload, payload.length);
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
        out.finish();
        err.finish();
    }
}
