package dev.slipway.testing;

/** What a real command line tool answered: its exit code and what it wrote to stdout and stderr. */
public record CommandResult(String command, int exitCode, String out, String err) {

    /** stdout and stderr together, for messages and for checks that do not care which stream said it. */
    public String output() {
        return out + err;
    }

    /** This result if the command succeeded; otherwise an AssertionError that shows the command and all it said. */
    public CommandResult ok() {
        if (exitCode != 0) {
            throw new AssertionError(command + " failed with exit code " + exitCode + ":\n" + output());
        }
        return this;
    }
}
