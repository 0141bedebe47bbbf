package io.tandem.daemon;

import java.nio.file.Path;

/** A second process for {@link PidFileTest}: holds a pid file until its standard input closes. */
public final class PidFileHolder {
    private PidFileHolder() {}

    public static void main(String[] args) throws Exception {
        try (PidFile p = PidFile.acquire(Path.of(args[0]))) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
    }
}
