package dev.slipway.image;

/** An image that cannot be built, read or copied, with a message that says what to do. */
public class ImageException extends Exception {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
