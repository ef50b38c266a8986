"""What the Python end-to-end tests share: counting checks, free loopback ports, bounded waits, a
fake Twilio REST API, signed Twilio webhooks, and a `twowayd` in a temporary directory that
`twowayctl --json` talks to.

A test imports it with

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
    import e2e

and reads `e2e.failures` at the end. Nothing here decides what a test checks or how long it waits:
every bound is the caller's.
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ACCOUNT = "AC" + "0" * 32
failures = 0


def check(description, condition, detail=""):
    """Prints one TAP-like line and counts a failure in `failures`."""
    global failures
    print(("ok - " if condition else "not ok - ") + description + ("" if condition else f" ({detail})"))
    if not condition:
        failures += 1


def free_port():
    """A loopback TCP port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds=30, interval=0.1):
    """Polls `condition` until it holds or `seconds` have passed; its last answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def current_user():
    """The user name the control socket must allow."""
    return subprocess.check_output(["id", "-un"]).decode().strip()


class FakeTwilio(http.server.BaseHTTPRequestHandler):
    """Accepts every send with a fresh MessageSid, as Twilio's REST API does; keeps each form in `sent`."""
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


def serve(handler):
    """A threading HTTP server for `handler` on a free loopback port, serving in a daemon thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def twilio_signature(url, params, token):
    """X-Twilio-Signature of a form post: HMAC-SHA1 of the URL and the sorted fields, base64."""
    data = url + "".join(key + value for key, value in sorted(params.items()))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def post_text(port, sid, sender, to, body, token, timeout=10):
    """Posts an inbound text to the daemon's /twilio/sms as Twilio would; the HTTP status."""
    url = f"http://127.0.0.1:{port}/twilio/sms"
    params = {"MessageSid": sid, "AccountSid": ACCOUNT, "From": sender, "To": to, "Body": body, "NumMedia": "0"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilio_signature(url, params, token)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def base_config(work, port, socket_path, api_port=None):
    """The configuration every test starts from: loopback listeners, the control socket for this
    user, state in `work`; the staff API on `api_port`, or off."""
    return {
        "http": {"host": "127.0.0.1", "port": port, "publicURL": f"http://127.0.0.1:{port}"},
        "api": {"enabled": True, "host": "127.0.0.1", "port": api_port} if api_port else {"enabled": False},
        "control": {"socketPath": socket_path, "allowedUsers": [current_user()], "allowedGroups": []},
        "stateDirectory": os.path.join(work, "state"),
    }


def twilio_carrier(fake):
    """The carrier section for a fake Twilio server started with `serve(FakeTwilio)`."""
    return {"kind": "twilio", "accountSID": ACCOUNT, "apiBaseURL": f"http://127.0.0.1:{fake.server_port}"}


def write_credential(directory, name, value):
    """Writes one secret file into a credentials directory (made if missing)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(value)


class Daemon:
    """`twowayd` from `bin_path` with `config` (written to `work` at each start) and `twowayctl`
    calls on its control socket."""

    def __init__(self, bin_path, work, config, credentials=None, name="twowayd", log_name="daemon.log",
                 report_errors=False):
        self.bin, self.work, self.config, self.report_errors = bin_path, work, config, report_errors
        self.config_path = os.path.join(work, name + ".json")
        self.log_path = os.path.join(work, log_name)
        self.socket_path = config["control"]["socketPath"]
        self.env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
        if credentials is not None:
            self.env["CREDENTIALS_DIRECTORY"] = credentials
        self.log = open(self.log_path, "ab")
        self.process = None

    def launch(self):
        """Writes the configuration and starts the daemon without waiting."""
        with open(self.config_path, "w") as f:
            json.dump(self.config, f)
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        self.process = subprocess.Popen([os.path.join(self.bin, "twowayd"), "--config", self.config_path],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        return self.process

    def start(self, seconds=30):
        """Starts the daemon and waits up to `seconds` for its control socket (or its exit);
        whether the socket is there."""
        self.launch()
        wait_for(lambda: os.path.exists(self.socket_path) or self.process.poll() is not None, seconds)
        return os.path.exists(self.socket_path)

    def started(self, description, seconds=30):
        """Starts the daemon and checks, as `description`, that its control socket came up; whether it did."""
        up = self.start(seconds)
        check(description, up, self.log_tail())
        return up

    def add_practice(self, time_zone, area_code="312"):
        """Adds the practice every test uses, Maple Vet in the US; its id."""
        return self.ctl("practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", time_zone,
                        "--practice-phone", f"({area_code}) 555-0100",
                        "--emergency-phone", f"({area_code}) 555-0199")["id"]

    def enable_app_chat_and_texting(self, practice):
        """Turns on app chat, takes a sandbox number and turns texting on; `texting enable`'s answer."""
        self.ctl("app-chat", "enable", "--practice", str(practice))
        self.ctl("number", "request", "--practice", str(practice))
        return self.ctl("texting", "enable", "--practice", str(practice))

    def text_from_ported_number(self, practice, number):
        """Ports the practice's own `number` in, done at once, and turns texting on; `texting enable`'s answer."""
        self.ctl("number", "port", "--number", number, "--carrier", "AT&T", "--practice", str(practice))
        self.ctl("number", "port-complete", "--practice", str(practice))
        return self.ctl("texting", "enable", "--practice", str(practice))

    def open_all_week(self, practice):
        """Office hours around the clock every day, so nothing is after hours."""
        for day in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]:
            self.ctl("hours", "set", "--practice", str(practice), "--day", day, "--intervals", "00:00-24:00")

    def running(self):
        return self.process is not None and self.process.poll() is None

    def log_tail(self, characters=2000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-characters:]

    def run_ctl(self, *args, json_output=True, timeout=60):
        """The finished `twowayctl` process of one command on this daemon's socket."""
        return subprocess.run([os.path.join(self.bin, "twowayctl"), *args, "--socket", self.socket_path]
                              + (["--json"] if json_output else []), capture_output=True, timeout=timeout)

    def ctl(self, *args, json_output=True):
        """A `twowayctl --json` command's answer (empty when it printed nothing), or its text; with
        `report_errors`, a failed command prints a `#` line with its exit status and error."""
        result = self.run_ctl(*args, json_output=json_output)
        if self.report_errors and result.returncode != 0:
            print(f"# twowayctl {' '.join(args)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
        if not json_output:
            return result.stdout.decode()
        return json.loads(result.stdout or b"{}")

    def kill(self, timeout=30):
        """SIGKILL, as a crash would."""
        self.process.kill()
        self.process.wait(timeout=timeout)

    def stop(self, timeout=20):
        """SIGTERM, then SIGKILL after `timeout` seconds."""
        if not self.running():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
