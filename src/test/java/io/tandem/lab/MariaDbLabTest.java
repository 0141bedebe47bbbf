package io.tandem.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of lab tests with MariaDB servers: a lab of their own per test in {@link #lab}, closed after
 * the test and after the test class's own {@code @AfterEach} (which may still read its hosts'
 * logs). Skipped, not failed, where the lab cannot run (not root, no iproute2 or mariadb-server).
 */
public abstract class MariaDbLabTest {
    protected Lab lab;

    @BeforeEach
    void createLab() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        lab = Lab.create();
    }

    @AfterEach
    void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }
}
