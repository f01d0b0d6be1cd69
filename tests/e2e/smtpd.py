#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The SMTP server of tests/e2e/smtp.sh: Debian's aiosmtpd on 127.0.0.1 with STARTTLS
# (required before AUTH and MAIL) and AUTH PLAIN/LOGIN for user "bd" / "s3cret".
# Each message is saved as DIR/N.eml (the bytes received) with DIR/N.env (MAIL FROM and
# RCPT TO lines). A recipient starting "reject" is refused with 550. Writes DIR/port
# when listening; runs until killed.
# Usage: smtpd.py DIR CERT KEY
import os, socket, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

out, cert, key = sys.argv[1:4]

class Handler:
    n = 0
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 <%s>: recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
    async def handle_DATA(self, server, session, envelope):
        Handler.n += 1
        base = os.path.join(out, str(Handler.n))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("to %s\n" % r)
        return "250 Message accepted for delivery"

def auth(server, session, envelope, mechanism, data):
    ok = data.login == b"bd" and data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)

ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
c = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=True,
               authenticator=auth, auth_required=True, auth_require_tls=True)
c.start()
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
try:
    while True:
        time.sleep(3600)
finally:
    c.stop()
