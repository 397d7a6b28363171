package dev.slipway.bench;

/** A bench program's positional counts: a clear message and exit 2 for one that is missing a number or too small. */
final class Args {
    private Args() {
    }

    /** {@code args[index]} as a whole number of at least {@code min}, or {@code fallback} when it is not given. */
    static int count(String[] args, int index, String name, int fallback, int min) {
        if (args.length <= index) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(args[index].trim());
        } catch (NumberFormatException e) {
            throw usage(name + " must be a whole number, got '" + args[index] + "'");
        }
        if (value < min) {
            throw usage(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static IllegalArgumentException usage(String message) {
        System.err.println("bench: " + message);
        System.exit(2);
        return new IllegalArgumentException(message);
    }
}
