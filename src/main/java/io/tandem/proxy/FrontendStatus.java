package io.tandem.proxy;

import io.tandem.config.VirtualServer;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual server as the status output shows it: quorum, connections refused (nothing could take
 * them), clients waiting for a slot (every backend they could use at its {@code uthreshold}),
 * clients on the sorry server, and every backend.
 */
public record FrontendStatus(VirtualServer service, boolean quorumUp, long refused, int queued, int onSorryServer,
                             List<BackendStatus> backends) {
    public FrontendStatus {
        backends = List.copyOf(backends);
    }

    /** Human-readable lines, one for the service and one per backend (keepalived's data dump is the model). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("virtual_server " + service.address() + ":" + service.port() + " " + service.lbAlgo() + ": quorum "
                + (quorumUp ? "up" : "down") + " (" + service.quorum() + "), refused " + refused + ", queued " + queued
                + service.proxyProtocol().map(p -> ", proxy_protocol " + p.keyword()).orElse("")
                + service.sorryServer().map(s -> ", sorry_server " + s.address() + ":" + s.port() + " (" + onSorryServer + " on it)").orElse(""));
        for (BackendStatus b : backends) {
            out.add("  real_server " + b.server().address() + ":" + b.server().port() + " " + b.state()
                    + (b.drained() && !b.available() ? " (drained)" : "")
                    + (b.lagging() ? b.available() ? " (lagging, kept: every replica lags)" : " (lagging)" : "") + ", weight " + b.weight() + ", active " + b.active()
                    + ", total " + b.total() + ", bytes in " + b.bytesIn() + " out " + b.bytesOut()
                    + b.lagSeconds().stream().mapToObj(l -> ", lag " + l + " s").findFirst().orElse("")
                    + ", last check: " + b.lastCheck() + " (" + b.lastCheckTook().toMillis() + " ms)");
        }
        return out;
    }
}
