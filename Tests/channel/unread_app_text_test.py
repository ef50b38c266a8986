#!/usr/bin/env python3
"""The one text about unread app messages, end to end (issue 13, P2, P3, O1, O2, S6).

Starts `twowayd` (the build given as the first argument) in sandbox mode on free loopback ports
with `app.unreadTextAfterMinutes` 1 and a check every second, and quiet hours placed away from
now on the client's clock (so the test passes at any hour). A practice with app chat and
texting, two directory clients whose app is current; staff write to each in the app with
`twowayctl`; the second opts out of 2-way texting. Then:

- after the minute, the first client's handset gets exactly "You have a new message from Maple
  Vet in the app." once, and the conversation shows it as an automatic text;
- the opted-out client gets nothing;
- the daemon is killed with SIGKILL and started again: no second text (the decision is durable);
- a new staff message while the stretch is still unread brings no second text either (reading
  in the app and the next stretch are the routing tests');
- the client's app goes outdated: `twowayctl conversation reply` prints that the message went by
  text, and why (P3).

Every wait is bounded; the daemon is stopped at the end. Exit status 1 on any failure.
"""
import datetime
import os
import shutil
import signal
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import e2e  # noqa: E402
from e2e import check, free_port  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/debug"
NUDGE = "You have a new message from Maple Vet in the app."
ADA, BEN = "+13125552101", "+13125552102"


def stop_on_alarm(signum, frame):
    raise TimeoutError("the test ran longer than 300 s")


def main():
    signal.signal(signal.SIGALRM, stop_on_alarm)
    signal.alarm(300)
    work = tempfile.mkdtemp(prefix="twowayd-unread.")
    socket_path = os.path.join(work, "control.sock")
    # Quiet hours two to three hours from now on the clients' clock (312: Chicago), never now.
    hour = datetime.datetime.now(ZoneInfo("America/Chicago")).hour
    quiet = {"start": f"{(hour + 2) % 24:02d}:00", "end": f"{(hour + 3) % 24:02d}:00"}
    config = e2e.base_config(work, free_port(), socket_path)
    config.update({
        "carrier": {"kind": "sandbox"},
        "sandbox": {"seedDemoPractice": False},
        "minimumAppVersion": "3.0.0",
        "app": {"unreadTextAfterMinutes": 1, "unreadCheckIntervalSeconds": 1},
        "reminders": {"quietHours": quiet},
    })
    daemon = e2e.Daemon(BIN, work, config)
    ctl = daemon.ctl

    def nudges(phone):
        """The text as the client's simulated handset got it (the handset forgets at a restart)."""
        return [m for m in ctl("sandbox", "inbox", phone).get("messages", []) if m.get("body") == NUDGE]

    def stored(conversation):
        """The text as the conversation keeps it."""
        shown = ctl("conversation", "show", str(conversation), "--practice", str(practice))
        return [m for m in shown.get("messages", []) if m.get("body") == NUDGE]

    practice = None
    try:
        if not daemon.started("the daemon starts in sandbox mode", 30):
            return
        practice = daemon.add_practice("America/Chicago")
        daemon.enable_app_chat_and_texting(practice)
        directory = os.path.join(work, "directory.csv")
        with open(directory, "w") as f:
            f.write("client_id,first_name,last_name,phones,app_installed,app_signed_in,app_version\n"
                    f"C-1,Ada,King,{ADA},true,true,3.2.0\nC-2,Ben,Ford,{BEN},true,true,3.2.0\n")
        ctl("directory", "import", directory, "--practice", str(practice))
        started = {}
        for phone in (ADA, BEN):
            started[phone] = ctl("conversation", "start", "--practice", str(practice), "--to", phone, "--title", "Luna",
                                 "--message", "Luna's results are in.", "--as", "Dana")
        check("P2: both conversations run in the app",
              all(s.get("channel") == "app" for s in started.values()), started)
        opted = ctl("subscription", "set", "--practice", str(practice), "--phone", BEN, "--two-way", "off", "--as", "Dana")
        check("O1: the second client is opted out of 2-way texting", opted.get("twoWay") is False, opted)
        sent_at = time.monotonic()

        time.sleep(20)
        check("nothing is texted before the delay", not nudges(ADA) and not nudges(BEN))
        deadline = sent_at + 100
        while time.monotonic() < deadline and not nudges(ADA):
            time.sleep(0.5)
        waited = time.monotonic() - sent_at
        check(f"after the minute unread, the client's handset gets the one text ({waited:.0f} s)",
              len(nudges(ADA)) == 1, ctl("sandbox", "inbox", ADA))
        shown = ctl("conversation", "show", str(started[ADA]["conversation"]), "--practice", str(practice))
        last = (shown.get("messages") or [{}])[-1]
        check("the conversation shows it, sent via text as an automatic message",
              last.get("body") == NUDGE and last.get("channelLabel") == "Sent via Text" and last.get("author") == "system",
              last)
        check("O1/S6: the opted-out client gets none", not nudges(BEN), ctl("sandbox", "inbox", BEN))

        ctl("conversation", "reply", str(started[ADA]["conversation"]), "--practice", str(practice), "--as", "Dana",
            "--message", "Call us when you can.")
        daemon.kill(10)
        daemon.start(30)
        check("the daemon starts again after kill -9", os.path.exists(socket_path))
        time.sleep(75)  # past the delay of the reply sent before the kill, with a check every second
        ada, ben = started[ADA]["conversation"], started[BEN]["conversation"]
        check("durable and once per unread stretch: no second text after the restart or the new message",
              len(stored(ada)) == 1 and not stored(ben) and not nudges(ADA), (stored(ada), nudges(ADA)))

        # P3 at the command line: Ada's app goes outdated; the next reply goes by text and says why.
        with open(directory, "w") as f:
            f.write("client_id,first_name,last_name,phones,app_installed,app_signed_in,app_version\n"
                    f"C-1,Ada,King,{ADA},true,true,2.0.0\n")
        ctl("directory", "import", directory, "--practice", str(practice))
        printed = ctl("conversation", "reply", str(ada), "--practice", str(practice), "--as",
                      "Dana", "--message", "Luna's prescription is at the front desk.", json_output=False)
        check("P3: twowayctl conversation reply says the message went by text, and why",
              "(Sent via Text)" in printed and "Chat in the app is not available (the client needs to update their app"
              in printed and printed.strip().endswith("so this message was sent by text."), printed)
    finally:
        daemon.stop(20)
        if e2e.failures:
            print(daemon.log_tail(3000))
        shutil.rmtree(work, ignore_errors=True)
        signal.alarm(0)


if __name__ == "__main__":
    main()
    print(f"{'FAIL' if e2e.failures else 'PASS'}: unread_app_text_test ({e2e.failures} failure{'s' if e2e.failures != 1 else ''})")
    sys.exit(1 if e2e.failures else 0)
