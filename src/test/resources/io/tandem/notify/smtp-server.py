#!/usr/bin/env python3
"""A real SMTP server for Tandem's tests, on Debian's aiosmtpd.

Listens on --host/--port (0: any free port) and prints "listening HOST PORT" once ready. Every
mail received is written to --out as NNNNN.eml (written to a temporary name, then renamed), with
X-Test-* headers in front telling the envelope, the HELO name, whether TLS was on and who
authenticated. --cert/--key offer STARTTLS; --auth USER:PASSWORD requires AUTH (over TLS only);
--blackhole accepts connections and never says a word. Stops by itself after --max-seconds.
"""
import argparse
import asyncio
import itertools
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Saver:
    def __init__(self, out):
        self.out = out
        self.count = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.count)
        tmp = os.path.join(self.out, ".%05d.tmp" % n)
        final = os.path.join(self.out, "%05d.eml" % n)
        user = getattr(session, "auth_data", None)
        if isinstance(user, LoginPassword):
            user = user.login.decode("utf-8", "replace")
        head = ("X-Test-Envelope-From: %s\r\nX-Test-Envelope-To: %s\r\nX-Test-Helo: %s\r\n"
                "X-Test-Tls: %s\r\nX-Test-Auth-User: %s\r\n") % (
            envelope.mail_from, ", ".join(envelope.rcpt_tos), session.host_name,
            "yes" if session.ssl else "no", user or "")
        with open(tmp, "wb") as f:
            f.write(head.encode("utf-8"))
            f.write(envelope.original_content)
        os.rename(tmp, final)
        print("received %s" % final, flush=True)
        return "250 OK"


def authenticator(expected_user, expected_password):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == expected_user and auth_data.password == expected_password
        print("auth %s for %s" % ("ok" if ok else "FAILED", auth_data.login.decode("utf-8", "replace")), flush=True)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


class Silent(asyncio.Protocol):
    """Accepts and never answers: an SMTP server that hangs."""

    def connection_made(self, transport):
        print("blackhole connection", flush=True)
        self.transport = transport


async def main(args):
    loop = asyncio.get_running_loop()
    if args.blackhole:
        factory = Silent
    else:
        kw = {"hostname": "mx.tandem.test", "decode_data": False}
        if args.cert:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(args.cert, args.key)
            kw["tls_context"] = ctx
            kw["require_starttls"] = args.require_starttls
        if args.auth:
            user, password = args.auth.split(":", 1)
            kw["authenticator"] = authenticator(user.encode(), password.encode())
            kw["auth_required"] = True
            kw["auth_require_tls"] = bool(args.cert)
        handler = Saver(args.out)
        factory = lambda: SMTP(handler, **kw)
    server = await loop.create_server(factory, args.host, args.port, backlog=4)
    port = server.sockets[0].getsockname()[1]
    print("listening %s %d" % (args.host, port), flush=True)
    await asyncio.sleep(args.max_seconds)
    print("stopping after %d s" % args.max_seconds, flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--blackhole", action="store_true")
    p.add_argument("--max-seconds", type=int, default=600)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    asyncio.run(main(a))
    sys.exit(0)
