package dev.example.greeter;

/** What the service says: the greeting its environment configures, and the version it was built as. */
record Greeting(String text, String version) {

    static Greeting fromEnvironment() {
        return new Greeting(System.getenv().getOrDefault("GREETING", "hello"), Main.class.getPackage()
                .getImplementationVersion() == null ? "dev" : Main.class.getPackage().getImplementationVersion());
    }

    String body() {
        return text + " (" + version + ")\n";
    }
}
