#!/usr/bin/env python3
"""The pet owner's app door of the real daemon (issue 13, P1, P2, P3), with tokens minted by
PyJWT (independent of the daemon's jwt-kit).

Starts `twowayd` (the build given as the first argument) in sandbox mode on free loopback ports
with its staff API on, sets up a practice with app chat and texting, imports a directory client
whose app is current, and gives the practice an ES256 public key (`app-token-key-<id>`) in the
credentials directory. Then the seed's story:

- bad tokens (expired, alg none, HS256 signed with the public key's text, another key, tampered,
  one naming another practice, another practice's valid HS256 token naming this practice's
  client, an unknown client, too long a lifetime) are refused with 401; a valid HS256 token of a
  second practice and the ES256 token of this one are admitted;
- the client writes in the app: the message opens a conversation in the app;
- staff reply with `twowayctl`: the reply runs in the app and reaches the app live on
  /app/v1/events; the app reads the thread, marks it read, and staff see the receipt
  (`conversation show`: JSON fields and the "Read in the app through" line);
- another client's valid token never reads or marks that conversation (404, as for none) and
  does not list it;
- the client's app goes outdated (the platform's PUT /api/v1/clients/{pmsId} with the
  practice's platform token): the next staff message goes by text,
  labelled "Sent via Text", and reaches the client's handset.

Every wait is bounded; the daemon is stopped at the end. Exit status 1 on any failure.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import e2e  # noqa: E402
from e2e import check, free_port  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
CLIENT_PHONE = "+13125552001"
OTHER_PHONE = "+13125552002"


def token(key, practice, sub="PMS-1", algorithm="ES256", lifetime=600, **extra):
    now = int(time.time())
    claims = {"sub": sub, "practice": practice, "iat": now, "exp": now + lifetime, **extra}
    return jwt.encode(claims, key, algorithm=algorithm)


def hs256_by_hand(claims, secret):
    """An HS256 token signed with `secret` by hand (PyJWT refuses a PEM key as an HMAC secret)."""
    def part(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    signing_input = part(b'{"alg":"HS256","typ":"JWT"}') + "." + part(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + part(signature)


def call(port, method, path, bearer=None, body=None, timeout=10):
    """(status, JSON body) of an API request."""
    headers = {"Content-Type": "application/json"}
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"{}")
        except ValueError:
            return error.code, {"raw": text.decode(errors="replace")}


class EventReader(threading.Thread):
    """Reads /app/v1/events into `events` (name, data) until stopped or 60 s have passed."""

    def __init__(self, port, bearer):
        super().__init__(daemon=True)
        self.port, self.bearer = port, bearer
        self.events, self.connected, self.status = [], threading.Event(), None

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", "/app/v1/events", headers={"Authorization": f"Bearer {self.bearer}"})
            response = connection.getresponse()
            self.status = response.status
            self.connected.set()
            name, data = None, None
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line == "" and name:
                    self.events.append((name, data))
                    name, data = None, None
        except OSError:
            pass
        finally:
            self.connected.set()
            connection.close()

    def wait_for(self, predicate, seconds=20):
        return e2e.wait_for(lambda: any(predicate(name, data) for name, data in list(self.events)), seconds)


def main():
    work = tempfile.mkdtemp(prefix="twowayd-app-")
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    config = e2e.base_config(work, port, socket_path, api_port)
    config.update({"carrier": {"kind": "sandbox"}, "sandbox": {"seedDemoPractice": False}, "minimumAppVersion": "3.0.0"})
    credentials = os.path.join(work, "credentials")
    os.makedirs(credentials)
    daemon = e2e.Daemon(BIN, work, config, credentials)
    ctl = daemon.ctl

    reader = None
    try:
        if not daemon.started("the daemon starts in sandbox mode", 30):
            return

        practice = daemon.add_practice("America/Chicago")
        check("texting is on", daemon.enable_app_chat_and_texting(practice).get("texting") is True)
        daemon.open_all_week(practice)

        def directory(version):
            path = os.path.join(work, f"directory-{version}.csv")
            with open(path, "w") as f:
                f.write("client_id,first_name,last_name,phones,app_installed,app_signed_in,app_version\n")
                f.write(f"PMS-1,Jamie,Rivers,{CLIENT_PHONE},true,true,{version}\n")
                f.write(f"PMS-2,Casey,Moss,{OTHER_PHONE},true,true,3.2.0\n")
            return ctl("directory", "import", path, "--practice", str(practice))
        imported = directory("3.2.0")
        check("the directory import takes the client", "code" not in imported, imported)

        private_key = ec.generate_private_key(ec.SECP256R1())
        public_pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        private_pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        e2e.write_credential(credentials, f"app-token-key-{practice}", public_pem)
        good = token(private_pem, practice)

        # P1: what is not a valid token of this practice is refused.
        other_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        bad = {
            "expired": token(private_pem, practice, lifetime=-30),
            "alg none": jwt.encode({"sub": "PMS-1", "practice": practice, "exp": int(time.time()) + 600}, None,
                                   algorithm="none"),
            "HS256 signed with the public key": hs256_by_hand(
                {"sub": "PMS-1", "practice": practice, "exp": int(time.time()) + 600}, public_pem.encode()),
            "another key": token(other_key, practice),
            "unknown client": token(private_pem, practice, sub="PMS-404"),
            "a lifetime over 24 hours": token(private_pem, practice, lifetime=48 * 3600),
        }
        # A second practice whose key is an HS256 secret, with a client of its own.
        second = daemon.add_practice("America/New_York", area_code="212")
        secret = "a-shared-secret-of-the-second-practice-0123456789"
        e2e.write_credential(credentials, f"app-token-key-{second}", secret)
        second_directory = os.path.join(work, "directory-second.csv")
        with open(second_directory, "w") as f:
            f.write("client_id,first_name,last_name,phones,app_installed,app_signed_in,app_version\n")
            f.write("PMS-9,Robin,Hale,+12125550109,true,true,3.2.0\n")
        ctl("directory", "import", second_directory, "--practice", str(second))
        status, body = call(api_port, "GET", "/app/v1/conversations",
                            token(secret, second, sub="PMS-9", algorithm="HS256"))
        check("P1: a valid HS256 token (PyJWT) of the second practice is admitted", status == 200, f"{status} {body}")
        header, payload, signature = good.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = "PMS-2"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        bad.update({
            "a tampered payload (another client, the old signature)": f"{header}.{forged}.{signature}",
            "another practice named (signed with this practice's key)": token(private_pem, second, sub="PMS-9"),
            "another practice's key, naming this practice's client": token(secret, practice, sub="PMS-1",
                                                                           algorithm="HS256"),
            "the second practice's valid token for a client it does not have": token(secret, second, sub="PMS-1",
                                                                                     algorithm="HS256"),
        })
        for name, value in bad.items():
            status, body = call(api_port, "GET", "/app/v1/conversations", value)
            check(f"P1: a token with {name} is refused with 401", status == 401 and body.get("error", {}).get("code")
                  == "auth.app_token", f"{status} {body}")
        status, _ = call(api_port, "GET", "/app/v1/conversations")
        check("P1: no token is refused with 401", status == 401, status)
        status, body = call(api_port, "GET", "/app/v1/conversations", good)
        check("P1: the platform's token is admitted", status == 200 and body.get("conversations") == [], f"{status} {body}")

        reader = EventReader(api_port, good)
        reader.start()
        reader.connected.wait(10)
        check("the app's event stream opens", reader.status == 200, reader.status)
        time.sleep(0.5)

        # P2: the client writes in the app.
        status, sent = call(api_port, "POST", "/app/v1/messages", good, {"body": "Is Rex's prescription ready?"})
        check("P2: the app's message is stored", status == 201 and "conversation" in sent, f"{status} {sent}")
        conversation = sent.get("conversation")
        shown = ctl("conversation", "show", str(conversation), "--practice", str(practice))
        check("P2: staff see it in an app conversation, sent from the app",
              shown.get("conversation", {}).get("channel") == "app"
              and shown.get("messages", [{}])[-1].get("channelLabel") == "Sent from App", shown)

        reply = ctl("conversation", "reply", str(conversation), "--practice", str(practice), "--as", "Dana",
                    "--message", "Yes, ready after 2pm.")
        check("P2: the staff reply runs in the app", reply.get("channelLabel") == "Sent from App", reply)
        reply_id = reply.get("message")
        check("P2: the reply reaches the app live on /app/v1/events",
              reader.wait_for(lambda n, d: n == "message.created" and d.get("message") == reply_id), reader.events)
        status, thread = call(api_port, "GET", f"/app/v1/conversations/{conversation}/messages", good)
        last = (thread.get("messages") or [{}])[-1]
        check("P2: the app reads the reply in the thread", status == 200 and last.get("body") == "Yes, ready after 2pm."
              and last.get("author") == "staff" and last.get("authorName") == "Dana", f"{status} {thread}")
        status, mark = call(api_port, "POST", f"/app/v1/conversations/{conversation}/read", good, {"through": reply_id})
        check("P2: the app marks it read", status == 200 and mark.get("through") == reply_id and mark.get("unread") == 0,
              f"{status} {mark}")
        check("the read mark reaches the app's stream too",
              reader.wait_for(lambda n, d: n == "conversation.read_by_client" and d.get("message") == reply_id),
              reader.events)
        shown = ctl("conversation", "show", str(conversation), "--practice", str(practice))
        check("P2: staff see the read receipt", shown.get("conversation", {}).get("clientReadThrough") == reply_id
              and shown.get("conversation", {}).get("clientReadAt"), shown.get("conversation"))
        text = ctl("conversation", "show", str(conversation), "--practice", str(practice), json_output=False)
        check("P2: twowayctl conversation show says it was read in the app", "Read in the app through" in text, text)

        # W2: another client's valid token never sees this conversation.
        other = token(private_pem, practice, sub="PMS-2")
        status, listed = call(api_port, "GET", "/app/v1/conversations", other)
        check("another client's token lists none of this client's conversations",
              status == 200 and listed.get("conversations") == [],
              f"{status} {listed}")
        status, body = call(api_port, "GET", f"/app/v1/conversations/{conversation}/messages", other)
        check("another client's token reading this conversation gets 404", status == 404, f"{status} {body}")
        status, body = call(api_port, "POST", f"/app/v1/conversations/{conversation}/read", other, {"through": reply_id})
        check("another client's token marking this conversation read gets 404", status == 404, f"{status} {body}")

        # P3: the client's app goes outdated (the platform's API); the next staff message goes by
        # text and says so.
        e2e.write_credential(credentials, f"platform-token-{practice}", "platform-token-of-the-app-test-0123456789")
        status, body = call(api_port, "PUT", "/api/v1/clients/PMS-1", "platform-token-of-the-app-test-0123456789", {
            "firstName": "Jamie", "lastName": "Rivers", "phones": [CLIENT_PHONE],
            "app": {"installed": True, "signedIn": True, "appVersion": "2.0.0"}})
        check("the client's app is now outdated", status in (200, 201, 204), f"{status} {body}")
        fallback = ctl("conversation", "reply", str(conversation), "--practice", str(practice), "--as", "Dana",
                       "--message", "Rex's prescription is at the front desk.")
        check("P3: the next staff message goes by text, labelled Sent via Text",
              fallback.get("channelLabel") == "Sent via Text", fallback)
        check("P3: and says why", bool(fallback.get("notice") or (fallback.get("chat") or {}).get("reason")), fallback)
        deadline = time.monotonic() + 15
        handset = {}
        while time.monotonic() < deadline:
            handset = ctl("sandbox", "inbox", CLIENT_PHONE)
            if any("front desk" in m.get("body", "") for m in handset.get("messages", [])):
                break
            time.sleep(0.2)
        check("P3: the text reaches the client's handset",
              any("front desk" in m.get("body", "") for m in handset.get("messages", [])), handset)
    finally:
        daemon.stop(20)
        if e2e.failures:
            print(daemon.log_tail(3000))


if __name__ == "__main__":
    main()
    print(f"{'FAIL' if e2e.failures else 'PASS'}: app_test ({e2e.failures} failure{'s' if e2e.failures != 1 else ''})")
    sys.exit(1 if e2e.failures else 0)
