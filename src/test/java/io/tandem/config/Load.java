package io.tandem.config;

import java.util.List;

/** Shortcuts for loading in-memory configurations in tests and picking diagnostics out of the result. */
final class Load {
    static final String MAIN = "/etc/keepalived/keepalived.conf";

    private Load() {}

    /** {@code text} as {@value #MAIN}, on the corpus host. */
    static ConfigLoader.Result text(String text) {
        return source(new MapSource().with(MAIN, text), FixedHost.corpus());
    }

    static ConfigLoader.Result text(String text, HostFacts host) {
        return source(new MapSource().with(MAIN, text), host);
    }

    static ConfigLoader.Result source(MapSource source) {
        return source(source, FixedHost.corpus());
    }

    static ConfigLoader.Result source(MapSource source, HostFacts host) {
        return ConfigLoader.load(MAIN, source, host);
    }

    /** The diagnostics of {@code severity} whose message contains {@code fragment}. */
    static List<Diagnostic> find(ConfigLoader.Result r, Severity severity, String fragment) {
        return r.diagnostics().stream().filter(d -> d.severity() == severity && d.message().contains(fragment)).toList();
    }

    /** The diagnostics as lines, for assertion messages. */
    static String show(ConfigLoader.Result r) {
        StringBuilder sb = new StringBuilder();
        r.diagnostics().forEach(d -> sb.append("\n  ").append(d.format()));
        return sb.isEmpty() ? " (no diagnostics)" : sb.toString();
    }

    /** A minimal instance block that validates cleanly on the corpus host. */
    static String instance(String name, String iface, int vrid, String vip) {
        return """
                vrrp_instance %s {
                    interface %s
                    virtual_router_id %d
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(name, iface, vrid, vip);
    }
}
