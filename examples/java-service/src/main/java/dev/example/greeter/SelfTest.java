package dev.example.greeter;

/** The test stage's check, run against the classes the build stage compiled (passed on, not built again). */
final class SelfTest {
    private SelfTest() {
    }

    static void run(Greeting greeting) {
        String body = new Greeting("hi", "1.0.0").body();
        if (!body.equals("hi (1.0.0)\n")) {
            throw new AssertionError("unexpected greeting body: " + body);
        }
        System.out.println("self-test passed: " + greeting.body().strip());
    }
}
