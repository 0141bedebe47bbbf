package io.tandem.daemon;

import io.tandem.config.VirtualServer.RealServer;
import io.tandem.proxy.BackendPool;
import io.tandem.proxy.PoolEvent;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code tandem drain BACKEND [vs=ADDR:PORT]} and {@code tandem ready ...}: an operator takes a
 * load-balancer backend out of rotation gently and puts it back, as haproxy's {@code set server
 * ... state drain|ready} (see {@link BackendPool#drain}: no new connections but persistent ones,
 * open ones finish, checks go on). BACKEND is {@code ADDRESS:PORT}, or {@code ADDRESS} when that
 * address has one port in the virtual servers asked about; without {@code vs=} every virtual
 * server that has it. Finds the backends, drains them and says what it did, for people.
 */
final class BackendDrains {
    /** The load balancer's logger: these lines belong with its others. */
    private static final System.Logger LOG = System.getLogger(LoadBalancer.class.getName());

    /** One virtual server as the drain sees it. */
    record Service(String name, BackendPool pool) {}

    private BackendDrains() {}

    /**
     * Drains ({@code on}) or readies the backend {@code request} names in {@code services} (by
     * {@code ADDRESS:PORT} key); pool events (quorum) go to {@code announce}.
     */
    static Operations.Outcome apply(ControlRequest request, boolean on, Map<String, Service> services,
                                    BiConsumer<Service, PoolEvent> announce) {
        String verb = on ? "drain" : "ready";
        BackendName name;
        try {
            name = BackendName.parse(request.word(0).orElse(""));
        } catch (IllegalArgumentException e) {
            return Operations.Outcome.refused(e.getMessage() + "; usage: " + verb + " BACKEND [vs=ADDRESS:PORT]");
        }
        if (services.isEmpty()) {
            return Operations.Outcome.refused("no virtual_server is configured");
        }
        List<Service> selected;
        Optional<String> vs = request.option("vs").map(v -> v.startsWith("[") ? v.replaceFirst("^\\[(.*)]:", "$1:") : v);
        if (vs.isPresent()) {
            Service s = services.get(vs.get());
            if (s == null) {
                return Operations.Outcome.refused("no virtual_server " + vs.get() + "; configured: " + String.join(", ", services.keySet()));
            }
            selected = List.of(s);
        } else {
            selected = List.copyOf(services.values());
        }
        record Match(Service service, int backend, RealServer server) {}
        List<Match> matches = new ArrayList<>();
        for (Service s : selected) {
            for (int id : s.pool().ids()) {
                RealServer rs = s.pool().server(id);
                if (name.matches(rs.address(), rs.port())) {
                    matches.add(new Match(s, id, rs));
                }
            }
        }
        String where = vs.map(v -> "virtual_server " + v).orElse("any virtual_server");
        if (matches.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (Service s : selected) {
                s.pool().ids().forEach(id -> known.add(hostPort(s.pool().server(id)) + " (" + s.name() + ")"));
            }
            return Operations.Outcome.refused("no real_server " + name + " in " + where + "; real servers: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        if (matches.stream().map(m -> m.server().port()).distinct().count() > 1) {
            return Operations.Outcome.refused(name + " has several ports in " + where + ": " + String.join(", ", matches.stream()
                    .map(m -> hostPort(m.server()) + " (" + m.service().name() + ")").toList()) + "; name one as ADDRESS:PORT");
        }
        StringBuilder text = new StringBuilder();
        for (Match m : matches) {
            BackendPool.Drain d = m.service().pool().drain(m.backend(), on, System.nanoTime());
            String backend = hostPort(m.server());
            String in = " in " + m.service().name();
            if (on && d.changed()) {
                text.append("drained ").append(backend).append(in).append(" (").append(d.active()).append(" active connection")
                        .append(d.active() == 1 ? "" : "s").append(" will finish; 0 new");
                if (d.persistent() > 0) {
                    text.append(" but from ").append(d.persistent()).append(" client").append(d.persistent() == 1 ? "" : "s")
                            .append(" whose persistence_timeout points at it");
                }
                text.append(")\n");
                LOG.log(Level.INFO, "{0}: real_server {1} drained by an operator ({2} active connection(s) finish; no new ones)",
                        m.service().name(), backend, String.valueOf(d.active()));
            } else if (on) {
                text.append(backend).append(in).append(" was already drained (").append(d.active()).append(" active connection")
                        .append(d.active() == 1 ? "" : "s").append(")\n");
                LOG.log(Level.INFO, "{0}: real_server {1}: drain asked again; it already is", m.service().name(), backend);
            } else if (d.changed()) {
                text.append("ready ").append(backend).append(in).append(d.available() ? ": takes new connections again"
                        : ": takes new connections once its checks pass (down now: " + d.lastCheck() + ")").append('\n');
                LOG.log(Level.INFO, "{0}: real_server {1} ready again by an operator{2}", m.service().name(), backend,
                        d.available() ? "" : " (down: it takes connections once its checks pass)");
            } else {
                text.append(backend).append(in).append(" was not drained; nothing to do\n");
                LOG.log(Level.INFO, "{0}: real_server {1}: ready asked but it was not drained", m.service().name(), backend);
            }
            for (PoolEvent e : d.events()) {
                if (e instanceof PoolEvent.QuorumDown q) {
                    text.append("warning: ").append(m.service().name()).append(" is below its quorum now (weight ").append(q.weight())
                            .append(" of ").append(q.quorum()).append("): new connections ")
                            .append(m.service().pool().service().sorryServer().isPresent() ? "go to the sorry_server" : "are refused")
                            .append('\n');
                } else if (e instanceof PoolEvent.QuorumUp q) {
                    text.append(m.service().name()).append(" reached its quorum again (weight ").append(q.weight()).append(" of ")
                            .append(q.quorum()).append(")\n");
                }
                announce.accept(m.service(), e);
            }
        }
        if (on) {
            text.append("it stays drained until 'tandem ready' (health checks go on; a restart of the daemon forgets it)\n");
        }
        return Operations.Outcome.done(text.toString());
    }

    private static String hostPort(RealServer rs) {
        return (rs.address().contains(":") ? "[" + rs.address() + "]" : rs.address()) + ":" + rs.port();
    }
}
