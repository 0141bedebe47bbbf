package io.tandem.proxy;

/**
 * Where one new connection goes.
 *
 * @param backend the pool position to release when the connection ends, or {@link #SORRY} for the sorry server
 */
public record Target(int backend, String address, int port) {
    public static final int SORRY = -1;

    public boolean sorry() {
        return backend == SORRY;
    }
}
