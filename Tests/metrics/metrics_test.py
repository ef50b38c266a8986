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
import os
import re
import sqlite3
import sys
import tempfile
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import e2e  # noqa: E402
from e2e import FakeTwilio, check, free_port  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
TOKEN = "metrics-test-auth-token"


def post_text(port, sid, sender, to, body, token=TOKEN):
    return e2e.post_text(port, sid, sender, to, body, token, timeout=5)


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
    fake = e2e.serve(FakeTwilio)
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    config = e2e.base_config(work, port, socket_path, api_port)
    config["carrier"] = e2e.twilio_carrier(fake)
    credentials = os.path.join(work, "credentials")
    e2e.write_credential(credentials, "twilio-auth-token", TOKEN)
    daemon = e2e.Daemon(BIN, work, config, credentials)
    ctl = daemon.ctl

    try:
        if not daemon.started("the daemon starts in twilio mode", 30):
            return
        practice = daemon.add_practice("America/New_York")
        texting = daemon.text_from_ported_number(practice, "(312) 555-0150")
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
        daemon.stop(20)
        fake.shutdown()
    standalone_listener()
    print(f"{'FAIL' if e2e.failures else 'PASS'}: metrics ({e2e.failures} failed)")


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
    daemon = e2e.Daemon(BIN, work, config, name=name, log_name=name + ".log")
    daemon.launch()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return daemon, port
        except OSError:
            time.sleep(0.1)
    return daemon, None


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
        check("and keeps running", second.running())
    finally:
        for daemon in (first, second):
            if daemon is not None:
                daemon.stop(20)


if __name__ == "__main__":
    main()
    sys.exit(1 if e2e.failures else 0)
