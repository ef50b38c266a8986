#!/usr/bin/env python3
"""Event webhooks to the practice platform (V1), end to end through the real binaries.

Starts `twowayd` (the build given as the first argument; sandbox carrier) in a temporary
directory on free loopback ports, and a loopback receiver that verifies every request with the
Standard Webhooks reference library (`standardwebhooks.Webhook(secret).verify(body, headers)`).

1. A story, played with the sandbox's handsets through `twowayctl`: an unknown number texts (the
   conversation opens, the profile bot asks), answers the three questions (profile.created),
   staff reply (the sandbox's delivery status follows), STOP (subscription.changed), a text back
   (opted in again), staff end the conversation. Every event arrives exactly once, correctly
   signed, in order per conversation (event ids rise within a conversation).
2. The receiver answers 500 for a few seconds while a second client texts: the events arrive
   after it recovers, in order, each `webhook-id` always the same event.
3. The receiver answers 500 again, more events are written, the daemon is killed with SIGKILL and
   started again with a second endpoint from the configuration file (its secret from a
   credential file): once the receiver recovers, every event the daemon holds was received
   (repeats dropped by webhook-id), none is failed, and the configured endpoint gets the new
   events signed with its own secret.

The deliveries are counted in `twowayd_event_deliveries_total` (read from `GET /metrics` on the
staff API listener, on a free port). Every wait is bounded; the daemon and the receiver are
stopped at the end.
"""
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.request

from standardwebhooks import Webhook

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import e2e  # noqa: E402
from e2e import check, free_port, wait_for  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
CONFIG_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver(http.server.BaseHTTPRequestHandler):
    """Verifies each post with the endpoint's secret (by path) and records it."""
    secrets = {}
    lock = threading.Lock()
    received = []  # (path, webhook-id, status answered, event)
    bad = []
    status = 204

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = self.path
        try:
            event = Webhook(Receiver.secrets[path]).verify(body, headers)
        except Exception as error:  # a bad signature, an unknown path, a stale timestamp
            with Receiver.lock:
                Receiver.bad.append((path, repr(error)))
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with Receiver.lock:
            status = Receiver.status
            Receiver.received.append((path, headers["webhook-id"], status, event))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def delivered(path="/hook"):
    """The events answered 2xx at `path`, in arrival order: (numeric id, event)."""
    with Receiver.lock:
        return [(int(wid[4:]), event) for (p, wid, status, event) in Receiver.received
                if p == path and 200 <= status < 300]


def in_order_per_conversation(events):
    last = {}
    for number, event in events:
        conversation = event["data"].get("conversationId")
        key = conversation if conversation is not None else ("phone", event["data"].get("phone"))
        if number <= last.get(key, 0):
            return False
        last[key] = number
    return True


def main():
    work = tempfile.mkdtemp(prefix="twowayd-events-")
    receiver = e2e.serve(Receiver)
    hook = f"http://127.0.0.1:{receiver.server_port}"
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    credentials = os.path.join(work, "credentials")
    e2e.write_credential(credentials, "platform-webhook", CONFIG_SECRET + "\n")
    config = e2e.base_config(work, port, socket_path, api_port)
    config.update({
        "carrier": {"kind": "sandbox"},
        "sandbox": {"seedDemoPractice": False},
        "webhooks": {"retry": {"windowSeconds": 3600, "initialDelaySeconds": 0.2, "maxDelaySeconds": 1},
                     "pollIntervalSeconds": 0.2},
    })
    daemon = e2e.Daemon(BIN, work, config, credentials, report_errors=True)
    ctl = daemon.ctl

    def start():
        up = daemon.start(60) and daemon.running() and wait_for(lambda: ctl_status(), 30)
        check("the daemon starts", up, daemon.log_tail())

    def ctl_status():
        return daemon.run_ctl("status", json_output=False).returncode == 0

    try:
        start()
        if not daemon.running():
            return
        practice = str(daemon.add_practice("America/New_York"))
        daemon.enable_app_chat_and_texting(practice)
        daemon.open_all_week(practice)

        refused = ctl("webhook", "add", "--practice", practice, "--url", "ftp://127.0.0.1/hook")
        check("webhook add refuses a URL that is not http(s)", refused.get("code") == "webhook.invalid_url", refused)
        added = ctl("webhook", "add", "--practice", practice, "--url", hook + "/hook")
        secret = added.get("secret", "")
        check("webhook add prints a whsec_ secret once", secret.startswith("whsec_"), added)
        Receiver.secrets["/hook"] = secret
        Receiver.secrets["/config"] = CONFIG_SECRET
        listed = ctl("webhook", "list")
        check("webhook list never shows a secret", "whsec_" not in json.dumps(listed) and len(listed["endpoints"]) == 1,
              listed)

        # 1. The story.
        client = "(312) 555-2001"
        first = ctl("sandbox", "text", client, "Is Bella's prescription ready?", "--practice", practice)
        conversation = str(first["conversation"])
        for answer in ["Sarah", "Connor", "sarah@example.com"]:
            ctl("sandbox", "text", client, answer, "--practice", practice)
        ctl("conversation", "reply", conversation, "--message", "Yes, ready after 2pm.", "--as", "Dr. Alice",
            "--practice", practice)
        wait_for(lambda: any(e["type"] == "message.status_changed" and e["data"]["deliveryState"] == "delivered"
                             for _, e in delivered()), 20)
        ctl("sandbox", "text", client, "STOP", "--practice", practice)
        ctl("sandbox", "text", client, "I'm back", "--practice", practice)
        ctl("conversation", "end", conversation, "--practice", practice, "--as", "Dr. Alice")
        wait_for(lambda: any(e["type"] == "conversation.ended" for _, e in delivered()), 30)
        time.sleep(1)
        story = delivered()
        types = [e["type"] for _, e in story]
        check("no request failed verification", not Receiver.bad, Receiver.bad[:3])
        for kind in ["conversation.opened", "message.created", "message.status_changed", "profile.created",
                     "subscription.changed", "conversation.ended"]:
            check(f"the story sends {kind}", kind in types, types)
        ids = [n for n, _ in story]
        check("every event of the story arrives exactly once", len(ids) == len(set(ids)), ids)
        check("events arrive in order per conversation", in_order_per_conversation(story), ids)
        profile = next((e for _, e in story if e["type"] == "profile.created"), {"data": {}})
        check("profile.created carries the collected email and that the PMS lacks it",
              profile["data"].get("email") == "sarah@example.com" and profile["data"].get("emailMissingFromPMS") is True,
              profile)
        stop = [e["data"] for _, e in story if e["type"] == "subscription.changed"]
        check("STOP opts out of both subscriptions, the next text opts in again",
              sorted((s["kind"], s["subscribed"]) for s in stop)
              == [("reminders", False), ("reminders", True), ("two_way", False), ("two_way", True)], stop)
        # Delivery statuses of the last confirmations may follow the end; nothing else does.
        check("the conversation's last change is conversation.ended",
              [e["type"] for _, e in story if e["data"].get("conversationId") == int(conversation)
               and e["type"] != "message.status_changed"][-1] == "conversation.ended", types[-3:])
        reply = next((e["data"] for _, e in story if e["type"] == "message.created"
                      and e["data"]["author"]["kind"] == "staff"), {})
        check("a staff message names its author and channel",
              reply.get("author", {}).get("name") == "Dr. Alice" and reply.get("channel") == "text"
              and reply.get("phone") == "+13125552001", reply)

        # 2. The receiver fails for a while.
        before = len(delivered())
        Receiver.status = 500
        ctl("sandbox", "text", "(312) 555-2002", "Hello from Max's owner", "--practice", practice)
        ctl("sandbox", "text", "(312) 555-2002", "Max", "--practice", practice)
        wait_for(lambda: sum(1 for r in Receiver.received if r[2] == 500) >= 4, 20)
        time.sleep(2)
        Receiver.status = 204
        recovered = wait_for(lambda: len(delivered()) >= before + 4 and {
            wid for (_, wid, status, _) in Receiver.received if status == 500} <= {f"evt_{n}" for n, _ in delivered()}, 30)
        check("after 500s the events arrive once the receiver recovers", recovered, len(delivered()) - before)
        after = delivered()[before:]
        check("retried events arrive in order per conversation", in_order_per_conversation(after), [n for n, _ in after])
        retried = {wid for (_, wid, status, _) in Receiver.received if status == 500}
        check("each retried event keeps its webhook-id", retried <= {f"evt_{n}" for n, _ in delivered()}, retried)

        # 3. Down again, kill -9, restart with a configured endpoint too.
        Receiver.status = 503
        ctl("sandbox", "text", "(312) 555-2003", "New client here", "--practice", practice)
        ctl("sandbox", "text", "(312) 555-2002", "Is Max ready?", "--practice", practice)
        wait_for(lambda: any(r[2] == 503 for r in Receiver.received), 20)
        daemon.kill(30)
        config["webhooks"]["endpoints"] = [{"practice": int(practice), "url": hook + "/config",
                                            "events": ["message.created"], "secretCredential": "platform-webhook"}]
        Receiver.status = 204
        start()
        if not daemon.running():
            return
        ctl("sandbox", "text", "(312) 555-2003", "Still there?", "--practice", practice)
        wait_for(lambda: any(True for _ in delivered("/config")), 30)
        # Settled: the outbox is empty (no send still to report a status) and one snapshot of the
        # deliveries has every one delivered; the same snapshot is checked.
        snapshot = []

        def settled():
            nonlocal snapshot
            if ctl("status").get("outboxDepth", 0) != 0:
                return False
            snapshot = ctl("events", "list", "--limit", "1000")["deliveries"]
            return bool(snapshot) and all(d["state"] == "delivered" for d in snapshot)
        wait_for(settled, 30)
        events = snapshot
        check("after kill -9 and a restart every delivery is delivered, none failed",
              events and all(d["state"] == "delivered" for d in events),
              [d for d in events if d["state"] != "delivered"][:3])
        held = {d["event"] for d in events if d["endpoint"] == added["id"]}
        got = {n for n, _ in delivered("/hook")}
        check("no event was lost: every event the daemon holds was received", held <= got, sorted(held - got))
        first_arrivals, seen = [], set()
        for number, event in delivered():
            if number not in seen:
                seen.add(number)
                first_arrivals.append((number, event))
        check("after the restart, events (repeats dropped by webhook-id) are still in order per conversation",
              in_order_per_conversation(first_arrivals), [n for n, _ in first_arrivals][-10:])
        configured = delivered("/config")
        check("the configured endpoint gets message.created only, signed with its credential's secret",
              configured and all(e["type"] == "message.created" for _, e in configured), configured[:2])
        check("still no request failed verification", not Receiver.bad, Receiver.bad[:3])
        with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/metrics", timeout=10) as answer:
            exposition = answer.read().decode()
        counts = {result: float(m.group(1)) for result in ("delivered", "retried", "failed")
                  for m in [re.search(r'^twowayd_event_deliveries_total\{result="' + result + r'"\} (\S+)$', exposition, re.M)]
                  if m}
        check("twowayd_event_deliveries_total counts deliveries since the restart, failed at 0",
              counts.get("delivered", 0) >= 1 and counts.get("failed") == 0 and "retried" in counts, counts)
        failed_list = ctl("events", "list", "--failed")
        check("events list --failed is empty", failed_list.get("deliveries") == [], failed_list)
    finally:
        daemon.stop(30)
        receiver.shutdown()
    if e2e.failures:
        print(f"FAIL: {e2e.failures} check(s) failed; the daemon's log is in {work}/daemon.log")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
