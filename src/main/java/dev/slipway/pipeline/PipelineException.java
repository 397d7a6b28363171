package dev.slipway.pipeline;

/**
 * A problem in a pipeline file, located at a 1-based line and column so the person who wrote
 * the file can go straight to it. The message reads {@code .slipway.yml:LINE:COLUMN: problem}.
 */
public final class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public PipelineException(String file, int line, int column, String problem) {
        super(problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What was wrong and what was expected, without the location prefix. */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        return file + ":" + line + ":" + column + ": " + problem;
    }
}
