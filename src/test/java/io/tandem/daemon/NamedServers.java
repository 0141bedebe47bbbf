package io.tandem.daemon;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Real TCP servers for balancer lab tests that need no MySQL: each greets every connection with its
 * name and then answers each line with name and line, so every connection says where it landed.
 * Python (Debian's python3), started inside the lab's hosts; a client script makes N connections
 * one after the other from a host and prints each greeting.
 */
final class NamedServers {
    static final String PYTHON = "/usr/bin/python3";

    /** Greets every connection with its name, then answers each line with name and line. */
    private static final String SERVER = """
            import socketserver, sys
            name, port = sys.argv[1], int(sys.argv[2])
            class Handler(socketserver.StreamRequestHandler):
                def handle(self):
                    try:
                        self.wfile.write((name + "\\n").encode())
                        for line in self.rfile:
                            self.wfile.write((name + " " + line.decode().strip() + "\\n").encode())
                    except OSError:
                        pass
            class Server(socketserver.ThreadingTCPServer):
                daemon_threads = True
                allow_reuse_address = True
            s = Server(("0.0.0.0", port), Handler)
            print("listening", flush=True)
            s.serve_forever()
            """;

    /** N connections one after the other: prints each greeting (the backend's name), or error. */
    private static final String CONNECT = """
            import socket, sys
            host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            for i in range(n):
                try:
                    with socket.create_connection((host, port), timeout=3) as c:
                        print(c.makefile().readline().strip() or "error: closed", flush=True)
                except OSError as e:
                    print("error: %s" % e, flush=True)
            """;

    private final Path server;
    private final Path connect;

    /** Writes the scripts into {@code lab}'s directory. */
    NamedServers(Lab lab) {
        this.server = lab.dir().resolve("named-server.py");
        this.connect = lab.dir().resolve("connect.py");
        try {
            Files.writeString(server, SERVER);
            Files.writeString(connect, CONNECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean pythonInstalled() {
        return Files.isExecutable(Path.of(PYTHON));
    }

    /** Starts a server called {@code name} on {@code host}'s {@code port} and waits until it listens. */
    LabProcess start(Host host, String name, int port) {
        LabProcess p = host.spawn("server-" + name, PYTHON, server.toString(), name, String.valueOf(port));
        p.awaitLog("listening", Duration.ofSeconds(30));
        return p;
    }

    /** Where {@code n} connections from {@code client} to {@code address}:{@code port} landed, one line each. */
    List<String> landings(Host client, String address, int port, int n) {
        CommandResult r = client.exec(Duration.ofSeconds(60), PYTHON, connect.toString(), address, String.valueOf(port), String.valueOf(n));
        return r.stdout().lines().toList();
    }
}
