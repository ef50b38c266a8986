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
import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
TOKEN = "platform-test-auth-token"
PLATFORM_TOKEN = "platform-token-for-maple-vet-0123456789"
ACCOUNT = "AC" + "0" * 32
NEW_YORK = ZoneInfo("America/New_York")
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
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        with FakeTwilio.lock:
            FakeTwilio.sent.append(form)
            count = len(FakeTwilio.sent)
        body = json.dumps({"sid": f"SMfake{count:026d}", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def sent_to(number, body=None):
    with FakeTwilio.lock:
        return [f for f in FakeTwilio.sent if f.get("To") == [number] and (body is None or f.get("Body") == [body])]


def post_text(port, sid, sender, to, body):
    url = f"http://127.0.0.1:{port}/twilio/sms"
    params = {"MessageSid": sid, "AccountSid": ACCOUNT, "From": sender, "To": to, "Body": body, "NumMedia": "0"}
    data = url + "".join(key + value for key, value in sorted(params.items()))
    signature = base64.b64encode(hmac.new(TOKEN.encode(), data.encode(), hashlib.sha1).digest()).decode()
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


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
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    port, api_port = free_port(), free_port()
    socket_path = os.path.join(work, "control.sock")
    user = subprocess.check_output(["id", "-un"]).decode().strip()
    start, end = quiet_window()
    config = {
        "http": {"host": "127.0.0.1", "port": port, "publicURL": f"http://127.0.0.1:{port}"},
        "api": {"enabled": True, "host": "127.0.0.1", "port": api_port},
        "control": {"socketPath": socket_path, "allowedUsers": [user], "allowedGroups": []},
        "stateDirectory": os.path.join(work, "state"),
        "carrier": {"kind": "twilio", "accountSID": ACCOUNT, "apiBaseURL": f"http://127.0.0.1:{fake.server_port}"},
        "reminders": {"quietHours": {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}, "pollSeconds": 1},
    }
    with open(os.path.join(work, "twowayd.json"), "w") as f:
        json.dump(config, f)
    credentials = os.path.join(work, "credentials")
    os.makedirs(credentials)
    with open(os.path.join(credentials, "twilio-auth-token"), "w") as f:
        f.write(TOKEN)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
    env["CREDENTIALS_DIRECTORY"] = credentials
    log = open(os.path.join(work, "daemon.log"), "ab")

    def start_daemon():
        if os.path.exists(socket_path):
            os.remove(socket_path)
        process = subprocess.Popen([os.path.join(BIN, "twowayd"), "--config", os.path.join(work, "twowayd.json")],
                                   stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not os.path.exists(socket_path) and process.poll() is None:
            time.sleep(0.1)
        return process

    def ctl(*args):
        result = subprocess.run([os.path.join(BIN, "twowayctl"), *args, "--socket", socket_path, "--json"],
                                capture_output=True, timeout=60)
        return json.loads(result.stdout or b"{}")

    daemon = start_daemon()
    try:
        check("the daemon starts in twilio mode", os.path.exists(socket_path),
              open(os.path.join(work, "daemon.log")).read()[-2000:])
        if not os.path.exists(socket_path):
            return
        practice = ctl("practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", "America/New_York",
                       "--practice-phone", "(212) 555-0100", "--emergency-phone", "(212) 555-0199")["id"]
        ctl("number", "port", "--number", "(212) 555-0150", "--carrier", "AT&T", "--practice", str(practice))
        ctl("number", "port-complete", "--practice", str(practice))
        ctl("texting", "enable", "--practice", str(practice))
        with open(os.path.join(credentials, f"platform-token-{practice}"), "w") as f:
            f.write(PLATFORM_TOKEN)

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
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(timeout=30)
        daemon = start_daemon()
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
        daemon.terminate()
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        fake.shutdown()
    if failures:
        print(f"FAIL: {failures} check(s) failed; the daemon's log is in {work}/daemon.log")
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
