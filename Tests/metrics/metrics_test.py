#!/usr/bin/env python3
"""Prometheus metrics of the real daemon, read with Prometheus's own text-format parser.

Starts `twowayd` (the build given as the first argument) in twilio mode against a fake Twilio
REST API on loopback, with its staff API listener on, sets up a practice that texts from its
own (ported) number with `twowayctl`, scrapes `GET /metrics`, sends a known workload and scrapes
again. Each counter must have moved by exactly what the workload implies:

- three signed texts answered 200 (a new client's first text, the same MessageSid again, a STOP
  from a second client) and one with a forged signature answered 403;
- two texts stored, one duplicate;
- STOP opts the number out of 2-way texting and of reminders (O2): one opt-out of each kind by
  the client;
- one staff reply through `twowayctl` (`conversation.reply` ok);
- three texts sent and accepted by the carrier: the profile bot's first question to the new
  client (A4), the one STOP confirmation (O2), the staff reply;
- no after-hours reply (the practice has no hours), no profile completed.

It also checks the exposition's names and labels: `twowayd_` prefix, `_total` counters,
`_seconds` durations, and no label value that is a phone number or a message id.

Every wait is bounded; the daemon and the fake server are stopped at the end.
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
TOKEN = "metrics-test-auth-token"
ACCOUNT = "AC" + "0" * 32
failures = 0


def check(description, condition, detail=""):
    global failures
    print(("ok - " if condition else "not ok - ") + description + ("" if condition else f" ({detail})"))
    if not condition:
        failures += 1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeTwilio(http.server.BaseHTTPRequestHandler):
    """Accepts every send with a fresh MessageSid, as Twilio's REST API does."""
    sent = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        FakeTwilio.sent.append(form)
        body = json.dumps({"sid": f"SMfake{len(FakeTwilio.sent):026d}", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def signature(url, params, token=TOKEN):
    data = url + "".join(key + value for key, value in sorted(params.items()))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def post_text(port, sid, sender, to, body, token=TOKEN):
    url = f"http://127.0.0.1:{port}/twilio/sms"
    params = {"MessageSid": sid, "AccountSid": ACCOUNT, "From": sender, "To": to, "Body": body, "NumMedia": "0"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature(url, params, token)})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def scrape(api_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/metrics", timeout=5) as answer:
        check("GET /metrics is the text exposition format",
              answer.headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), answer.headers.get("Content-Type"))
        text = answer.read().decode()
    samples = {}
    families = list(text_string_to_metric_families(text))
    for family in families:
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return families, samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def main():
    work = tempfile.mkdtemp(prefix="twowayd-metrics-")
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    user = subprocess.check_output(["id", "-un"]).decode().strip()
    config = {
        "http": {"host": "127.0.0.1", "port": port, "publicURL": f"http://127.0.0.1:{port}"},
        "api": {"enabled": True, "host": "127.0.0.1", "port": api_port},
        "control": {"socketPath": socket_path, "allowedUsers": [user], "allowedGroups": []},
        "stateDirectory": os.path.join(work, "state"),
        "carrier": {"kind": "twilio", "accountSID": ACCOUNT, "apiBaseURL": f"http://127.0.0.1:{fake.server_port}"},
    }
    with open(os.path.join(work, "twowayd.json"), "w") as f:
        json.dump(config, f)
    credentials = os.path.join(work, "credentials")
    os.makedirs(credentials)
    with open(os.path.join(credentials, "twilio-auth-token"), "w") as f:
        f.write(TOKEN)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
    env["CREDENTIALS_DIRECTORY"] = credentials
    log = open(os.path.join(work, "daemon.log"), "wb")
    daemon = subprocess.Popen([os.path.join(BIN, "twowayd"), "--config", os.path.join(work, "twowayd.json")],
                              stdout=log, stderr=subprocess.STDOUT, env=env)

    def ctl(*args):
        result = subprocess.run([os.path.join(BIN, "twowayctl"), *args, "--socket", socket_path, "--json"],
                                capture_output=True, timeout=60)
        return json.loads(result.stdout or b"{}")

    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.exists(socket_path):
            if daemon.poll() is not None:
                break
            time.sleep(0.1)
        check("the daemon starts in twilio mode", os.path.exists(socket_path),
              open(os.path.join(work, "daemon.log")).read()[-2000:])
        if not os.path.exists(socket_path):
            return
        practice = ctl("practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", "America/New_York",
                       "--practice-phone", "(312) 555-0100", "--emergency-phone", "(312) 555-0199")["id"]
        ctl("number", "port", "--number", "(312) 555-0150", "--carrier", "AT&T", "--practice", str(practice))
        ctl("number", "port-complete", "--practice", str(practice))
        texting = ctl("texting", "enable", "--practice", str(practice))
        check("the practice texts from its own number", texting.get("texting") is True, texting)
        to = "+13125550150"

        families, before = scrape(api_port)
        names = [family.name for family in families]
        check("every metric is named twowayd_…", all(name.startswith("twowayd_") for name in names), names)
        check("the build version is an info metric", any(
            name == "twowayd_build_info" and labels for (name, labels) in before), [k for k in before if "build" in k[0]])

        client_a, client_b = "+13125552001", "+13125552002"
        statuses = [
            post_text(port, "SM" + "a" * 32, client_a, to, "Is Rex ready?"),
            post_text(port, "SM" + "a" * 32, client_a, to, "Is Rex ready?"),
            post_text(port, "SM" + "b" * 32, client_b, to, "STOP"),
        ]
        forged = post_text(port, "SM" + "c" * 32, client_a, to, "forged", token="not-the-token")
        check("three signed texts are answered 200, a forged one 403", statuses == [200, 200, 200] and forged == 403,
              f"{statuses} {forged}")
        conversations = ctl("conversation", "list", "--practice", str(practice))["conversations"]
        conversation = next(c["id"] for c in conversations if c["phone"] == client_a)
        reply = ctl("conversation", "reply", "--practice", str(practice), str(conversation),
                    "--as", "Dana", "--message", "Rex is ready for pick-up.")
        check("the staff reply is queued", "message" in reply, reply)

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(FakeTwilio.sent) < 3:
            time.sleep(0.1)
        time.sleep(0.5)
        check("three texts reached the carrier", len(FakeTwilio.sent) == 3, len(FakeTwilio.sent))
        families, after = scrape(api_port)

        def moved(name, **labels):
            return value(after, name, **labels) - value(before, name, **labels)

        expectations = [
            (("twowayd_webhooks_received_total", {"route": "sms", "status": "200"}), 3),
            (("twowayd_webhooks_received_total", {"route": "sms", "status": "403"}), 1),
            (("twowayd_webhook_duration_seconds_count", {"route": "sms"}), 4),
            (("twowayd_inbound_texts_stored_total", {}), 2),
            (("twowayd_inbound_duplicates_total", {}), 1),
            (("twowayd_opt_outs_total", {"kind": "two_way", "by": "client"}), 1),
            (("twowayd_opt_outs_total", {"kind": "reminders", "by": "client"}), 1),
            (("twowayd_control_commands_total", {"command": "conversation.reply", "result": "ok"}), 1),
            (("twowayd_sends_total", {"result": "accepted", "error_code": "none"}), 3),
            (("twowayd_sends_total", {"result": "retry", "error_code": "none"}), 0),
            (("twowayd_after_hours_replies_total", {}), 0),
            (("twowayd_bot_profiles_completed_total", {}), 0),
        ]
        for (name, labels), expected in expectations:
            got = moved(name, **labels)
            check(f"{name}{labels} moved by {expected}", got == expected, f"moved by {got}")
        check("group commits were timed", moved("twowayd_group_commit_duration_seconds_count") >= 3)
        check("live sessions are counted", value(after, "twowayd_live_sessions") >= 2, value(after, "twowayd_live_sessions"))
        check("the outbox is empty again", value(after, "twowayd_outbox_depth") == 0, value(after, "twowayd_outbox_depth"))

        database = sqlite3.connect(os.path.join(work, "state", "twowayd.sqlite"))
        outbound = database.execute("SELECT COUNT(*) FROM message WHERE direction = 'outbound'").fetchone()[0]
        check("every outbound message stored was counted as sent", outbound == 3, outbound)

        for family in families:
            if family.type == "counter":
                check(f"{family.name} is a counter named …_total", family.samples[0].name.endswith("_total")
                      if family.samples else True)
            if "duration" in family.name:
                check(f"{family.name} is in seconds", family.name.endswith("_seconds"))
        unbounded = [(s.name, s.labels) for f in families for s in f.samples
                     if any(re.search(r"\+?\d{7,}|^SM|^MM", v) for v in s.labels.values())]
        check("no label value is a phone number or a message id", not unbounded, unbounded)
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=20)
        except subprocess.TimeoutExpired:
            daemon.kill()
        fake.shutdown()
    standalone_listener()
    print(f"{'FAIL' if failures else 'PASS'}: metrics ({failures} failed)")


def start_sandbox(work, name, metrics_port):
    port = free_port()
    config = {
        "http": {"host": "127.0.0.1", "port": port, "publicURL": f"http://127.0.0.1:{port}"},
        "api": {"enabled": False},
        "metrics": {"host": "127.0.0.1", "port": metrics_port},
        "control": {"socketPath": os.path.join(work, name + ".sock")},
        "stateDirectory": os.path.join(work, name),
        "carrier": {"kind": "sandbox"},
    }
    path = os.path.join(work, name + ".json")
    with open(path, "w") as f:
        json.dump(config, f)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
    log = open(os.path.join(work, name + ".log"), "wb")
    process = subprocess.Popen([os.path.join(BIN, "twowayd"), "--config", path], stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.1)
    return process, None


def standalone_listener():
    """With the API listener off, /metrics is on metrics.host:port; a port already taken is
    logged and the daemon serves texts without metrics."""
    work = tempfile.mkdtemp(prefix="twowayd-metrics-alone-")
    metrics_port = free_port()
    first, first_port = start_sandbox(work, "first", metrics_port)
    second, second_port = None, None
    try:
        check("a daemon with its API listener off starts", first_port is not None)
        families, samples = scrape(metrics_port)
        check("its /metrics is on the metrics port", any(f.name == "twowayd_build_info" for f in families))
        second, second_port = start_sandbox(work, "second", metrics_port)
        check("a second daemon whose metrics port is taken still starts and answers", second_port is not None)
        time.sleep(0.5)
        log = open(os.path.join(work, "second.log")).read()
        check("and says why it has no metrics", "metrics_unavailable" in log, log[-1500:])
        check("and keeps running", second.poll() is None)
    finally:
        for process in (first, second):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
    sys.exit(1 if failures else 0)
