package io.tandem.proxy;

/** A listener could not be started (address in use, not allowed); the message names the virtual server. */
public final class ProxyException extends RuntimeException {
    public ProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
