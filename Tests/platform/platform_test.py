#!/usr/bin/env python3
"""The practice platform's API on the real daemon (issue 13, E5, O2, Q1).

Starts `twowayd` (the build given as the first argument) in twilio mode against a fake Twilio
REST API on loopback, with the staff API listener on and quiet hours configured to cover the
current minute on the practice's clock (New York), so a reminder to a number whose area code
spans several zones (Idaho, 208: the practice's zone) is held for a minute or two while one to
a Los Angeles number goes at once. It checks:

- the token: missing and wrong tokens get 401 auth.platform_token;
- PUT /api/v1/clients/{id}: 201 created, 200 updated, 422 naming the field for a Jamaican number;
- POST /api/v1/reminders: sent at once (one carrier request), a repeat with the same key
  answers the same and sends nothing, the same key with another body is 422, an opted-out
  number (STOP by text) is refused 422 reminder.opted_out;
- Q1: the held reminder answers "scheduled" at the end of the quiet hours with the practice's
  offset; the daemon is killed with SIGKILL before then and started again, and the reminder
  reaches the carrier exactly once after the window opened.

Every wait is bounded; the daemon and the fake server are stopped at the end.
"""
import datetime
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import e2e  # noqa: E402
from e2e import FakeTwilio, check, free_port  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
TOKEN = "platform-test-auth-token"
PLATFORM_TOKEN = "platform-token-for-maple-vet-0123456789"
NEW_YORK = ZoneInfo("America/New_York")


def sent_to(number, body=None):
    with FakeTwilio.lock:
        return [f for f in FakeTwilio.sent if f.get("To") == [number] and (body is None or f.get("Body") == [body])]


def post_text(port, sid, sender, to, body):
    return e2e.post_text(port, sid, sender, to, body, TOKEN, timeout=10)


def call(api_port, method, path, body, token=PLATFORM_TOKEN, key=None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if key is not None:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(f"http://127.0.0.1:{api_port}{path}", data=json.dumps(body).encode(),
                                     headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def quiet_window():
    """Quiet hours on New York's clock from the minute before now to a minute boundary 40-100 s ahead."""
    now = datetime.datetime.now(NEW_YORK)
    start = (now - datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    end = (now + datetime.timedelta(seconds=40)).replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return start, end


def main():
    work = tempfile.mkdtemp(prefix="twowayd-platform-")
    fake = e2e.serve(FakeTwilio)
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    start, end = quiet_window()
    config = e2e.base_config(work, port, socket_path, api_port)
    config.update({
        "carrier": e2e.twilio_carrier(fake),
        "reminders": {"quietHours": {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}, "pollSeconds": 1},
    })
    credentials = os.path.join(work, "credentials")
    e2e.write_credential(credentials, "twilio-auth-token", TOKEN)
    daemon = e2e.Daemon(BIN, work, config, credentials)
    ctl = daemon.ctl

    try:
        if not daemon.started("the daemon starts in twilio mode", 60):
            return
        practice = daemon.add_practice("America/New_York", "212")
        daemon.text_from_ported_number(practice, "(212) 555-0150")
        e2e.write_credential(credentials, f"platform-token-{practice}", PLATFORM_TOKEN)

        # The token.
        status, answer = call(api_port, "PUT", "/api/v1/clients/PMS-1", {"lastName": "Lopez"}, token=None)
        check("no token: 401 auth.platform_token", status == 401 and answer.get("error", {}).get("code") == "auth.platform_token",
              (status, answer))
        status, answer = call(api_port, "PUT", "/api/v1/clients/PMS-1", {"lastName": "Lopez"}, token="wrong")
        check("a wrong token: 401", status == 401, (status, answer))

        # The directory by API.
        client = {"firstName": "Maria", "lastName": "Lopez", "email": "maria@example.com", "phones": ["(213) 555-0142"],
                  "app": {"installed": True, "signedIn": True, "appVersion": "3.2.0"}}
        status, answer = call(api_port, "PUT", "/api/v1/clients/PMS-1", client)
        check("PUT a new client: 201 with the stored client", status == 201 and answer.get("lastName") == "Lopez",
              (status, answer))
        client["lastName"] = "Lopez-Diaz"
        status, answer = call(api_port, "PUT", "/api/v1/clients/PMS-1", client)
        check("PUT it again: 200, updated", status == 200 and answer.get("lastName") == "Lopez-Diaz", (status, answer))
        status, answer = call(api_port, "PUT", "/api/v1/clients/PMS-2", {"phones": ["876-555-0100"]})
        check("a Jamaican number: 422 naming the field", status == 422 and "phones" in answer.get("error", {}).get("message", ""),
              (status, answer))

        # A reminder at once (Los Angeles is outside the quiet hours of New York's clock).
        reminder = {"phone": "213-555-0142", "body": "Bella is due for her vaccines.", "kind": "reminder",
                    "pmsClientId": "PMS-1"}
        status, first = call(api_port, "POST", "/api/v1/reminders", reminder, key="key-la")
        check("a reminder to Los Angeles is sent at once", status == 200 and first.get("status") == "sent"
              and first.get("timeZone") == "America/Los_Angeles" and first.get("messageId"), (status, first))
        status, again = call(api_port, "POST", "/api/v1/reminders", reminder, key="key-la")
        check("a repeat with the same key answers the first answer", status == 200 and again == first, (status, again))
        status, conflict = call(api_port, "POST", "/api/v1/reminders", dict(reminder, body="Another."), key="key-la")
        check("the same key with another body: 422 idempotency.conflict",
              status == 422 and conflict.get("error", {}).get("code") == "idempotency.conflict", (status, conflict))
        status, missing = call(api_port, "POST", "/api/v1/reminders", reminder)
        check("no Idempotency-Key: 400", status == 400, (status, missing))

        # O2: STOP by text, then a reminder is refused with the reason.
        check("STOP is accepted", post_text(port, "SM" + "s" * 32, "+12135550199", "+12125550150", "STOP") == 200)
        status, refused = call(api_port, "POST", "/api/v1/reminders", dict(reminder, phone="213-555-0199"), key="key-stop")
        check("a reminder to an opted-out number: 422 reminder.opted_out",
              status == 422 and refused.get("error", {}).get("code") == "reminder.opted_out", (status, refused))

        # Q1: Idaho's 208 spans two zones, so the practice's (New York, in quiet hours now) applies.
        held = {"phone": "208-555-0142", "body": "Rex's appointment is tomorrow at 9.", "kind": "confirmation"}
        status, scheduled = call(api_port, "POST", "/api/v1/reminders", held, key="key-held")
        expected = end.isoformat(timespec="seconds")
        check("a reminder in the quiet hours is held until they end", status == 202 and scheduled.get("status") == "scheduled"
              and scheduled.get("scheduledFor") == expected and scheduled.get("timeZone") == "America/New_York",
              (status, scheduled, expected))

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not sent_to("+12135550142", reminder["body"]):
            time.sleep(0.1)
        check("the reminder sent at once reached the carrier once", len(sent_to("+12135550142", reminder["body"])) == 1,
              sent_to("+12135550142"))
        check("the held reminder did not go yet", not sent_to("+12085550142"))

        # kill -9 before the window opens, then start again.
        daemon.kill(30)
        daemon.start(60)
        check("the daemon starts again after SIGKILL", os.path.exists(socket_path))
        wait = (end - datetime.datetime.now(NEW_YORK)).total_seconds()
        check("the restart happened before the quiet hours ended", wait > 0, wait)
        deadline = time.monotonic() + max(wait, 0) + 60
        while time.monotonic() < deadline and not sent_to("+12085550142"):
            time.sleep(0.2)
        arrived = datetime.datetime.now(NEW_YORK)
        check("the held reminder reached the carrier after the window opened",
              len(sent_to("+12085550142", held["body"])) == 1 and arrived >= end, (sent_to("+12085550142"), arrived, end))
        time.sleep(3)
        check("and only once", len(sent_to("+12085550142")) == 1, sent_to("+12085550142"))
        check("nothing was sent twice", len(sent_to("+12135550142", reminder["body"])) == 1)
    finally:
        daemon.stop(30)
        fake.shutdown()
    if e2e.failures:
        print(f"FAIL: {e2e.failures} check(s) failed; the daemon's log is in {work}/daemon.log")
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
