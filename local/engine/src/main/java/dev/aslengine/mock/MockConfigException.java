package dev.aslengine.mock;

/** A mock configuration that cannot be used: the message names the file, the field and what was expected. */
public final class MockConfigException extends IllegalArgumentException {
    public MockConfigException(String message) {
        super(message);
    }
}
