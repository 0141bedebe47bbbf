package io.tandem.proxy;

import io.tandem.config.VirtualServer.RealServer;
import java.util.OptionalLong;

/** One backend as the status output shows it. */
public record BackendStatus(RealServer server, boolean available, boolean overloaded, boolean lagging, int weight,
                            int active, long total, OptionalLong lagSeconds, String lastCheck) {}
