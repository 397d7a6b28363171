package demo;

/** A third class, so the build compiles a few. */
public final class Shout {
    private Shout() {}

    public static String of(String text) {
        return text.toUpperCase(java.util.Locale.ROOT) + "!";
    }
}
