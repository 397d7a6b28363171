package dev.slipway.store;

/** Another Slipway server holds the database: a start-up error that names it. */
public final class DatabaseInUseException extends RuntimeException {
    public DatabaseInUseException(String message) {
        super(message);
    }
}
