#!/usr/bin/env python3
"""The web inbox in a real browser (issue 12): headless Debian Chromium through Selenium against
the real twowayd (sandbox carrier) in a temporary state directory, loopback only.

    Tests/browser/inbox_test.py BIN_DIR

Sets up two practices with `twowayctl` (Maple Vet ready to text, with an admin and an imported
directory; Oak Animal Hospital with a staff account), then, in the browser:
signs in; a client's text posted as a webhook appears in the open Conversations page without a
reload (the webhook-to-screen time is printed, target <= 1,000 ms) and again in the open thread;
a reply typed with the keyboard alone (Tab to the reply box, Enter) shows "Sent via Text" and
then "Delivered"; a blocked message shows the policy's words and sends nothing; a warned one
needs the confirmation; a conversation is started by last name from the directory, and a second
one for a number with an active conversation is refused with the API's words; the admin page
loads; the CSP header is on the page and the console has no CSP violation; an account of the other
practice sees none of it; signing out ends the session (the API answers 401 with the old cookie).

Screenshots go to .build/screenshots/ (1280x800). Every wait is bounded and the whole run stops
itself after 300 s. Prints `ok - ...` / `not ok - ...` per check and `N passed, M failed`;
exits non-zero on any failure.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading
import struct

BIN = sys.argv[1] if len(sys.argv) > 1 else None
if not BIN or not os.path.exists(os.path.join(BIN, "twowayd")):
    print("Bail out! usage: inbox_test.py BIN_DIR (with twowayd and twowayctl)")
    sys.exit(1)
try:
    from selenium import webdriver
    from selenium.common.exceptions import (
        NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("Bail out! selenium is missing: run `make setup` (pip install selenium)")
    sys.exit(1)
for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
    if not os.path.exists(path):
        print(f"Bail out! {path} is missing: run `make setup` (apt-get install chromium chromium-driver)")
        sys.exit(1)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(REPO, ".build", "screenshots")
PASSWORD = "correct horse battery staple"
TARGET_MS = 1000
WAIT = 10  # seconds, the bound of every wait in the browser

passed = failed = 0


def check(description, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok - {description}", flush=True)
    else:
        failed += 1
        print(f"not ok - {description}" + (f" ({detail})" if detail else ""), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_on_alarm(signum, frame):
    raise TimeoutError("the browser test ran longer than 300 s")


signal.signal(signal.SIGALRM, stop_on_alarm)
signal.alarm(300)

work = tempfile.mkdtemp(prefix="twowayd-browser.")
control = os.path.join(work, "control.sock")
web_port, api_port = free_port(), free_port()
BASE = f"http://127.0.0.1:{api_port}"
config = {
    "logLevel": "info",
    "http": {"host": "127.0.0.1", "port": web_port, "publicURL": f"http://127.0.0.1:{web_port}"},
    "api": {"host": "127.0.0.1", "port": api_port, "publicURL": BASE},
    "control": {"socketPath": control, "allowedUsers": [os.environ.get("USER") or subprocess.run(
        ["id", "-un"], capture_output=True, text=True).stdout.strip()], "allowedGroups": []},
    "stateDirectory": os.path.join(work, "state"),
    "carrier": {"kind": "sandbox"},
    "sandbox": {"seedDemoPractice": False},
}
with open(os.path.join(work, "twowayd.json"), "w") as f:
    json.dump(config, f)
# The app-token keys (app-token-key-<practice>) are read from here when a token arrives.
credentials = os.path.join(work, "credentials")
os.makedirs(credentials)
daemon_env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
daemon_env["CREDENTIALS_DIRECTORY"] = credentials
APP_SECRET = "browser-test-app-token-secret-0123456789abcdef"


def ctl(*args, stdin=None):
    """twowayctl --json; the decoded answer (an error answer too)."""
    result = subprocess.run([os.path.join(BIN, "twowayctl"), *args, "--socket", control, "--json"],
                            input=stdin, capture_output=True, text=True, timeout=30)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"twowayctl {' '.join(args)}: {result.stdout} {result.stderr}")


def webhook(sender, body, sid):
    form = urllib.parse.urlencode({"From": sender, "To": "+18005551000", "Body": body, "MessageSid": sid}).encode()
    with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/twilio/sms", data=form, timeout=10) as response:
        return response.status


def http(path, cookie=None, method="GET"):
    """(status, headers, body) of an API call with the given cookie header."""
    request = urllib.request.Request(BASE + path, method=method, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


daemon = subprocess.Popen([os.path.join(BIN, "twowayd"), "--config", os.path.join(work, "twowayd.json")],
                          stdout=open(os.path.join(work, "daemon.log"), "w"), stderr=subprocess.STDOUT, env=daemon_env)
driver = None


def wait_for(condition, seconds=WAIT, what="the page"):
    # A live update re-renders parts of the page: an element found a moment ago may be gone
    # (stale); the condition is then asked again.
    return WebDriverWait(driver, seconds, poll_frequency=0.05,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)).until(
        lambda d: condition(), message=what)


def text_of(element_id):
    return driver.find_element(By.ID, element_id).text


def visible(element_id):
    return driver.find_element(By.ID, element_id).is_displayed()


def shot(name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, name))


def png(width, height, rgb):
    """A plain-colour PNG of that size."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def messages_of(conversation, practice):
    return ctl("conversation", "show", str(conversation), "--practice", str(practice)).get("messages", [])


def step(description, action):
    """Runs one part of the test; a failure there is one failed check, and the run goes on."""
    try:
        action()
    except (TimeoutException, WebDriverException, AssertionError, RuntimeError, KeyError) as error:
        check(description, False, f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}")
        try:  # what the page said, for the reader of the failure
            for entry in driver.get_log("browser")[-5:]:
                print(f"#   console {entry['level']}: {entry['message'][:300]}")
            for element_id in ("thread-state", "reply-error", "new-error", "banner-text", "list-state"):
                if visible(element_id):
                    print(f"#   #{element_id}: {text_of(element_id)[:300]}")
        except WebDriverException:
            pass


state = {}

try:
    # The daemon and the practices.
    deadline = time.time() + 20
    while time.time() < deadline:
        if daemon.poll() is not None:
            raise RuntimeError("twowayd exited at start; see its log")
        try:
            with socket.create_connection(("127.0.0.1", api_port), timeout=0.2):
                pass
            if os.path.exists(control):
                break
        except OSError:
            pass
        time.sleep(0.1)
    maple = ctl("practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", "America/New_York",
                "--practice-phone", "(312) 555-0100", "--emergency-phone", "312.555.0199")["id"]
    ctl("app-chat", "enable", "--practice", str(maple))
    state["maple"] = maple
    ctl("number", "request", "--practice", str(maple))
    ctl("texting", "enable", "--practice", str(maple))
    for day in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]:
        ctl("hours", "set", "--practice", str(maple), "--day", day, "--intervals", "00:00-24:00")
    oak = ctl("practice", "add", "--name", "Oak Animal Hospital", "--country", "CA", "--time-zone", "America/Toronto",
              "--practice-phone", "(416) 555-0100", "--emergency-phone", "(416) 555-0199")["id"]
    ctl("staff", "add", "--practice", str(maple), "--login", "alice", "--name", "Dr. Alice", "--role", "admin",
        "--password-stdin", stdin=PASSWORD + "\n")
    birch = ctl("practice", "add", "--name", "Birch Vet", "--country", "US", "--time-zone", "America/Chicago",
                "--practice-phone", "(312) 555-0300", "--emergency-phone", "(312) 555-0399")["id"]
    ctl("staff", "add", "--practice", str(birch), "--login", "bianca", "--name", "Bianca", "--role", "admin",
        "--password-stdin", stdin=PASSWORD + "\n")
    ctl("staff", "add", "--practice", str(oak), "--login", "oscar", "--name", "Oscar", "--role", "staff",
        "--password-stdin", stdin=PASSWORD + "\n")
    directory = os.path.join(work, "directory.csv")
    with open(directory, "w") as f:
        f.write("client_id,first_name,last_name,phones,email,app_installed,app_signed_in,app_version,chat_disabled\n"
                "C-1,Sarah,Connor,312-555-2001,sarah@example.com,false,false,,false\n"
                "C-2,Kyle,Reese,312-555-2004,,false,false,,false\n")
    imported = ctl("directory", "import", directory, "--practice", str(maple))
    check("setup: two practices, two accounts and a directory through twowayctl",
          isinstance(maple, int) and isinstance(oak, int) and "code" not in imported, json.dumps(imported)[:200])

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                     "--disable-gpu", "--no-first-run", "--lang=en-US"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The viewport itself 1280x800 (the window size includes the browser's frame).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)

    status, headers, _ = http("/")
    check("the page is served with the strict CSP, nosniff and no-referrer",
          status == 200 and "script-src 'self'" in (headers.get("Content-Security-Policy") or "")
          and "default-src 'none'" in headers.get("Content-Security-Policy", "")
          and headers.get("X-Content-Type-Options") == "nosniff" and headers.get("Referrer-Policy") == "no-referrer",
          f"{status} {headers.get('Content-Security-Policy')}")

    def sign_in_step():
        driver.get(BASE + "/")
        wait_for(lambda: visible("signin-screen"), what="the sign-in form")
        shot("01-sign-in.png")
        driver.find_element(By.ID, "signin-login").send_keys("alice")
        driver.find_element(By.ID, "signin-password").send_keys("wrong password")
        driver.find_element(By.ID, "signin-button").click()
        wait_for(lambda: visible("signin-error"), what="the sign-in refusal")
        refusal = text_of("signin-error")
        driver.find_element(By.ID, "signin-password").clear()
        driver.find_element(By.ID, "signin-password").send_keys(PASSWORD + Keys.ENTER)
        wait_for(lambda: visible("app-screen"), what="the inbox after sign-in")
        wait_for(lambda: "Live" in text_of("connection"), what="the live event stream")
        check(f"sign-in: a wrong password is refused in words ({refusal!r}); the right one opens the inbox, live",
              bool(refusal) and text_of("practice-name") == "Maple Vet", text_of("practice-name"))
    step("sign-in", sign_in_step)

    def watch(text):
        """Makes the page note the moment `text` first shows anywhere in it (Date.now())."""
        driver.execute_script("""
            const needle = arguments[0];
            window.__seenAt = null;
            if (window.__observer) window.__observer.disconnect();
            window.__observer = new MutationObserver(() => {
                if (window.__seenAt === null && document.body.innerText.includes(needle)) window.__seenAt = Date.now();
            });
            window.__observer.observe(document.body, {childList: true, subtree: true, characterData: true});
        """, text)

    def seen_after(start_ms, what):
        wait_for(lambda: driver.execute_script("return window.__seenAt") is not None, what=what)
        return driver.execute_script("return window.__seenAt") - start_ms

    def live_text_step():
        body = "Is Bella's prescription ready?"
        watch(body)
        start = time.time() * 1000
        status = webhook("+13125552001", body, "SMbrowser1")
        latency = seen_after(start, "the new text in the list")
        print(f"# webhook-to-screen (new conversation in the list): {latency:.0f} ms (target <= {TARGET_MS} ms)")
        check(f"W3: a text posted as a webhook shows in the open list without a reload in {latency:.0f} ms",
              status == 200 and latency <= TARGET_MS, f"{latency:.0f} ms")
        item = driver.find_element(By.XPATH, "//button[contains(@class,'conversation-item')][.//*[contains(text(),'Sarah Connor')]]")
        state["conversation"] = int(item.get_attribute("data-conversation"))
        item_text = item.text
        badge = item.find_elements(By.CSS_SELECTOR, ".badge")
        check(f"the new conversation shows 1 unread and the tab's title counts it ({driver.title!r})",
              [b.text for b in badge] == ["1"] and driver.title.startswith("(1)"), item_text.replace("\n", " | "))
        check("the list shows the client's name (from the directory), the last message and the channel",
              "Sarah Connor" in item_text and "Sent via Text" in item_text, item_text.replace("\n", " | "))
        item.click()
        wait_for(lambda: body in text_of("messages"), what="the thread")
        wait_for(lambda: not driver.find_elements(By.CSS_SELECTOR, ".conversation-item .badge"), what="the read mark")
        check("opening it marks it read: the count goes", not driver.title.startswith("("), driver.title)
        second = "Also, can I bring her in Tuesday?"
        watch(second)
        start = time.time() * 1000
        webhook("+13125552001", second, "SMbrowser2")
        latency = seen_after(start, "the second text in the thread")
        print(f"# webhook-to-screen (open thread): {latency:.0f} ms (target <= {TARGET_MS} ms)")
        check(f"W3: the next text shows in the open thread without a reload in {latency:.0f} ms",
              latency <= TARGET_MS, f"{latency:.0f} ms")
        spoken = driver.find_element(By.ID, "announcer").get_attribute("textContent")
        check(f"screen readers hear the new message once ({spoken!r})", spoken == f"Sarah Connor: {second}", spoken)
        stamp = driver.find_element(By.CSS_SELECTOR, "#messages .message time").text
        check(f"times are the practice's, zone named ({stamp!r})", stamp.endswith(("EST", "EDT")), stamp)
    step("a webhook text appears live", live_text_step)

    def keyboard_reply_step():
        conversation = state["conversation"]
        driver.get(f"{BASE}/#/conversations/{conversation}")
        driver.refresh()
        wait_for(lambda: visible("thread") and "prescription" in text_of("messages"), what="the thread after reload")
        driver.execute_script("document.activeElement && document.activeElement.blur(); window.focus();")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        tabs = 1
        while driver.switch_to.active_element.get_attribute("id") != "reply-text" and tabs < 80:
            driver.switch_to.active_element.send_keys(Keys.TAB)
            tabs += 1
        reached = driver.switch_to.active_element.get_attribute("id") == "reply-text"
        check(f"keyboard: Tab reaches the reply box ({tabs} presses)", reached)
        reply = "Yes, it is ready after 2pm."
        driver.switch_to.active_element.send_keys(reply)
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(lambda: reply in text_of("messages"), what="the reply in the thread")
        # Found again each time: the thread is re-rendered when the delivery state moves.
        mine_path = f"//li[contains(@class,'outbound')][.//div[text()='{reply}']]"
        sent_text = wait_for(lambda: driver.find_element(By.XPATH, mine_path).text, what="the reply's text")
        check("keyboard: Enter in the reply box sends; the reply says Sent via Text and names the author",
              "Sent via Text" in sent_text and "Dr. Alice" in sent_text, sent_text.replace("\n", " | "))
        wait_for(lambda: driver.find_element(By.XPATH, mine_path).find_element(By.CSS_SELECTOR, ".delivery")
                 .get_attribute("data-state") == "delivered", what="the delivered state")
        delivered_text = wait_for(lambda: driver.find_element(By.XPATH, mine_path).text, what="the reply's text")
        check("C3: the reply turns Delivered live", "Delivered" in delivered_text, delivered_text.replace("\n", " | "))
        shot("02-conversations.png")
        driver.find_element(By.ID, "client-pane").screenshot(os.path.join(SHOTS, "04-client-details.png"))
    step("keyboard reply", keyboard_reply_step)

    def type_and_send(text):
        """Types `text` into the reply box and presses Send; the conversation's message count before."""
        before = len(messages_of(state["conversation"], maple))
        box = driver.find_element(By.ID, "reply-text")
        box.clear()
        box.send_keys(text)
        driver.find_element(By.ID, "send-button").click()
        return before

    def blocked_step():
        conversation = state["conversation"]
        before = type_and_send("We also sell CBD treats for anxious dogs.")
        wait_for(lambda: visible("reply-error"), what="the policy error")
        words = text_of("reply-error")
        driver.find_element(By.ID, "reply-form").screenshot(os.path.join(SHOTS, "08-blocked.png"))
        time.sleep(0.3)
        after = len(messages_of(conversation, maple))
        check(f"S7: a blocked message shows the policy's words ({words!r}) and sends nothing",
              before == after and "(S7)" not in words and len(words) > 10, f"{before} -> {after}")
        check("the blocked text stays in the box to be changed",
              "CBD" in driver.find_element(By.ID, "reply-text").get_attribute("value"))
    step("blocked message", blocked_step)

    def warned_step():
        conversation = state["conversation"]
        before = type_and_send("Please do not give her any wine.")
        wait_for(lambda: driver.find_element(By.ID, "confirm-dialog").is_displayed(), what="the confirmation")
        question = text_of("confirm-text")
        shot("09-warning.png")
        unsent = len(messages_of(conversation, maple))
        check(f"S7: a warned message asks for confirmation first ({question!r}) and is not sent yet", unsent == before)
        driver.find_element(By.ID, "confirm-yes").click()
        wait_for(lambda: "Please do not give her any wine." in text_of("messages"), what="the confirmed message")
        check("S7: confirmed, the warned message is sent", len(messages_of(conversation, maple)) == before + 1)
    step("warned message", warned_step)

    def attachment_step():
        conversation = state["conversation"]
        before = len(messages_of(conversation, maple))
        photo = os.path.join(work, "bella.png")
        with open(photo, "wb") as f:  # a 1x1 PNG
            f.write(bytes.fromhex(
                "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                "1f15c4890000000d49444154789c6360f8cf0000000301010018dd8db00000000049454e44ae426082"))
        driver.find_element(By.ID, "reply-text").clear()
        driver.find_element(By.ID, "reply-file").send_keys(photo)
        wait_for(lambda: "bella.png" in text_of("reply-attachments") and "uploading" not in text_of("reply-attachments"),
                 what="the uploaded attachment")
        driver.find_element(By.ID, "send-button").click()
        wait_for(lambda: len(messages_of(conversation, maple)) > before, what="the attachment's message")
        wait_for(lambda: "photo/video message" in text_of("messages"), what="the attachment in the thread")
        check("R5: a photo attached in the page is uploaded and sent as its link message",
              text_of("reply-attachments") == "", text_of("reply-attachments"))
    step("attachment", attachment_step)

    def inbound_media_step():
        # The client's phone company keeps the photo at a URL; here a loopback server plays it.
        photo = png(96, 64, (214, 140, 60))

        class Photo(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(photo)))
                self.end_headers()
                self.wfile.write(photo)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Photo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            form = {"From": "+13125552001", "To": "+18005551000", "Body": "Here is her rash", "MessageSid": "MMbrowser1",
                    "NumMedia": "1", "MediaUrl0": f"http://127.0.0.1:{server.server_address[1]}/bella.png",
                    "MediaContentType0": "image/png"}
            with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/twilio/sms",
                                        data=urllib.parse.urlencode(form).encode(), timeout=10) as response:
                status = response.status
            mine = "//li[contains(@class,'inbound')][.//div[text()='Here is her rash']]//img"
            wait_for(lambda: driver.find_elements(By.XPATH, mine), what="the client's photo")
            image = driver.find_element(By.XPATH, mine)
            wait_for(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image),
                     what="the photo loaded")
            width = driver.execute_script("return arguments[0].naturalWidth", image)
            driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", image)
            shot("10-photo.png")
            check(f"R4: a photo the client texts shows in the open thread without a reload ({width} px wide)",
                  status == 200 and width == 96 and "/api/v1/media/" in image.get_attribute("src"))
        finally:
            server.shutdown()
    step("inbound photo", inbound_media_step)

    def new_conversation_step():
        driver.find_element(By.ID, "new-conversation-button").click()
        wait_for(lambda: driver.find_element(By.ID, "new-dialog").is_displayed(), what="the dialog")
        driver.find_element(By.ID, "new-last-name").send_keys("reese" + Keys.ENTER)
        wait_for(lambda: "Kyle Reese" in driver.find_element(By.ID, "new-results").text, what="the search result")
        results = driver.find_element(By.ID, "new-results").text
        driver.find_element(By.CSS_SELECTOR, "#new-results button").click()
        driver.find_element(By.ID, "new-message").send_keys("Hi Kyle, Max is due for his vaccines.")
        shot("03-new-conversation.png")
        driver.find_element(By.ID, "new-start").click()
        wait_for(lambda: not driver.find_element(By.ID, "new-dialog").is_displayed()
                 and text_of("thread-title") == "Kyle Reese"
                 and "Max is due" in text_of("messages"), what="the new conversation")
        check("S3: a conversation is started by last name from the imported directory",
              "Chat not available" in results, results.replace("\n", " | "))
        # S5: a second conversation for Sarah's number is refused with the API's words.
        driver.find_element(By.ID, "new-conversation-button").click()
        driver.find_element(By.ID, "new-mode-number").click()
        driver.find_element(By.ID, "new-phone").send_keys("(312) 555-2001")
        driver.find_element(By.ID, "new-start").click()
        wait_for(lambda: visible("new-error"), what="the refusal")
        refusal = text_of("new-error")
        check(f"S5: starting another for a number with an active conversation shows the refusal ({refusal!r})",
              "active conversation" in refusal and visible("new-open-existing"), refusal)
        driver.find_element(By.ID, "new-open-existing").click()
        wait_for(lambda: "prescription" in text_of("messages"), what="the existing conversation")
        check("the refusal's button opens the active conversation", True)
    step("new conversation", new_conversation_step)

    def client_settings_step():
        # Sarah's conversation is open (the refusal's button opened it).
        driver.find_element(By.ID, "sub-reminders").click()
        driver.find_element(By.ID, "subscription-save").click()
        wait_for(lambda: visible("subscription-saved") or visible("subscription-error"), what="the settings saved")
        wait_for(lambda: "Reminders: opted out" in text_of("subscription-history"), what="the history entry")
        shown = ctl("subscription", "show", "--phone", "+13125552001", "--practice", str(maple))
        history = text_of("subscription-history")
        check("O4: subscription settings change from the client pane; the history names who did it",
              shown.get("reminders") is False and shown.get("twoWay") is True and "Dr. Alice" in history,
              history.replace("\n", " | "))

    step("client settings", client_settings_step)

    def opt_out_and_end_step():
        kyle = driver.find_element(By.XPATH, "//button[contains(@class,'conversation-item')][.//*[text()='Kyle Reese']]")
        kyle.click()
        wait_for(lambda: text_of("thread-title") == "Kyle Reese", what="Kyle's conversation")
        driver.find_element(By.ID, "opt-out-button").click()
        wait_for(lambda: driver.find_element(By.ID, "confirm-dialog").is_displayed(), what="the opt-out question")
        question = text_of("confirm-text")
        driver.find_element(By.ID, "confirm-yes").click()
        wait_for(lambda: driver.find_element(By.ID, "opt-out-button").get_attribute("disabled") is not None,
                 what="the opt-out done")
        shown = ctl("subscription", "show", "--phone", "+13125552004", "--practice", str(maple))
        check("O1: Opt out (confirmed) stops 2-way texting and keeps reminders",
              shown.get("twoWay") is False and shown.get("reminders") is True and "Reminders" in question,
              json.dumps(shown)[:200])
        driver.find_element(By.ID, "end-button").click()
        wait_for(lambda: driver.find_element(By.ID, "confirm-dialog").is_displayed(), what="the end question")
        driver.find_element(By.ID, "confirm-no").click()
        still = "Active" in text_of("thread-sub")
        driver.find_element(By.ID, "end-button").click()
        wait_for(lambda: driver.find_element(By.ID, "confirm-dialog").is_displayed(), what="the end question")
        driver.find_element(By.ID, "confirm-yes").click()
        wait_for(lambda: "Ended" in text_of("thread-sub"), what="the ended conversation")
        check("C1: End asks first (Cancel keeps it active); confirmed, the conversation ends and the reply box closes",
              still and driver.find_element(By.ID, "reply-text").get_attribute("disabled") is not None
              and visible("reply-ended"), text_of("thread-sub"))
        wait_for(lambda: "Kyle Reese" not in text_of("conversation-list"), what="the list without the ended one")
        driver.find_element(By.ID, "show-ended").click()
        wait_for(lambda: "Kyle Reese" in text_of("conversation-list"), what="the ended one listed")
        items = [e.text.split("\n")[0] for e in driver.find_elements(By.CSS_SELECTOR, ".conversation-item")]
        check(f"the list shows active conversations first; ended ones with Show ended ({items})",
              items[-1] == "Kyle Reese" and "Ended" in driver.find_elements(By.CSS_SELECTOR, ".conversation-item")[-1].text)
        driver.find_element(By.ID, "show-ended").click()

    step("opt out and end", opt_out_and_end_step)

    def admin_step():
        driver.find_element(By.ID, "nav-admin").click()
        wait_for(lambda: visible("admin-view") and driver.find_elements(By.CSS_SELECTOR, "#staff-rows tr"),
                 what="the staff accounts")
        rows = driver.find_element(By.ID, "staff-rows").text
        check("admin: the practice settings page lists the staff accounts and the number",
              "alice" in rows and "(800) 555-1000" in text_of("feature-number"), rows.replace("\n", " | "))
        driver.find_element(By.ID, "nav-inbox").click()
    step("admin page", admin_step)

    def sizes_step():
        for name, width, height in [("06-laptop-1024.png", 1024, 768), ("07-tablet.png", 768, 1024)]:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            wait_for(lambda: driver.execute_script("return window.innerWidth") == width, what=f"the {width}-px view")
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            shot(name)
            button = driver.find_element(By.ID, "show-client")
            check(f"a {width}x{height} screen shows the list and the thread without sideways scrolling; "
                  "client details open from a button", overflow <= 0 and button.is_displayed(), f"overflow {overflow}px")
            button.click()
            wait_for(lambda: driver.find_element(By.ID, "client-pane").is_displayed(), what="the client details")
            driver.switch_to.active_element.send_keys(Keys.ESCAPE)
            wait_for(lambda: not driver.find_element(By.ID, "client-pane").is_displayed(), what="Escape to close them")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    step("screen sizes", sizes_step)

    def offline_step():
        global daemon
        daemon.terminate()
        daemon.wait(timeout=10)
        wait_for(lambda: "Offline" in text_of("connection"), what="the offline state")
        shown = text_of("connection")
        daemon = subprocess.Popen([os.path.join(BIN, "twowayd"), "--config", os.path.join(work, "twowayd.json")],
                                  stdout=open(os.path.join(work, "daemon.log"), "a"), stderr=subprocess.STDOUT,
                                  env=daemon_env)
        wait_for(lambda: "Live" in text_of("connection"), seconds=20, what="the stream back after the restart")
        body = "Back online? Bella is hungry."
        watch(body)
        start = time.time() * 1000
        webhook("+13125552001", body, "SMbrowser3")
        latency = seen_after(start, "a text after the restart")
        check(f"offline: a stopped daemon shows {shown!r}; after its restart the page is live again "
              f"(a new text on screen in {latency:.0f} ms)", latency <= TARGET_MS, f"{latency:.0f} ms")
    step("offline and back", offline_step)

    def app_channel_step():
        import jwt  # PyJWT, from make test-setup: the platform's side, independent of the daemon's library
        maple = state["maple"]
        with open(os.path.join(credentials, f"app-token-key-{maple}"), "w") as f:
            f.write(APP_SECRET)

        def directory(version):
            path = os.path.join(work, f"app-{version}.csv")
            with open(path, "w") as f:
                f.write("client_id,first_name,last_name,phones,email,app_installed,app_signed_in,app_version,chat_disabled\n"
                        f"C-7,Ada,King,312-555-2007,,true,true,{version},false\n")
            return ctl("directory", "import", path, "--practice", str(maple))

        directory("99.0.0")
        started = ctl("conversation", "start", "--practice", str(maple), "--to", "312-555-2007", "--title", "Luna",
                      "--message", "Luna's results are in.", "--as", "Dana")
        conversation, first = started.get("conversation"), started.get("message")
        check("P2: a conversation with an app user runs in the app", started.get("channel") == "app", started)
        driver.get(f"{BASE}/#/conversations/{conversation}")
        driver.refresh()
        wait_for(lambda: visible("thread") and "Luna's results are in." in text_of("messages"), what="the app thread")
        check("nothing is read in the app yet", "Read in the app" not in text_of("messages"), text_of("messages"))

        now = int(time.time())
        bearer = jwt.encode({"sub": "C-7", "practice": maple, "iat": now, "exp": now + 600}, APP_SECRET, algorithm="HS256")
        request = urllib.request.Request(
            f"{BASE}/app/v1/conversations/{conversation}/read", method="POST",
            data=json.dumps({"through": first}).encode(),
            headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            marked = response.status
        wait_for(lambda: "Read in the app" in text_of("messages"), what="the read receipt, live")
        receipt = driver.find_element(By.CSS_SELECTOR, f'#messages [data-message="{first}"] .receipt').text
        check(f"P2: the client's read mark shows live under the message as a receipt in the practice's time ({receipt!r})",
              marked == 200 and receipt.startswith("Read in the app") and receipt.endswith(("EST", "EDT")), receipt)
        shot("06-read-receipt.png")

        directory("0.1.0")
        box = driver.find_element(By.ID, "reply-text")
        box.send_keys("Luna's prescription is at the front desk.")
        box.send_keys(Keys.ENTER)
        wait_for(lambda: visible("reply-notice"), what="the fallback notice")
        notice = text_of("reply-notice")
        wait_for(lambda: "front desk" in text_of("messages"), what="the reply in the thread")
        last = driver.find_elements(By.CSS_SELECTOR, "#messages .message.outbound")[-1]
        check(f"P3: the app went outdated, so the reply went by text and the inbox says why ({notice!r})",
              "Sent via Text" in last.text and notice.startswith("Chat in the app is not available (")
              and "update their app" in notice and notice.endswith("so this message was sent by text."),
              last.text.replace("\n", " | "))
        shot("07-sent-by-text.png")
    step("the app channel: receipts and the fallback to text", app_channel_step)

    def console_step():
        logs = driver.get_log("browser")
        violations = [entry["message"] for entry in logs if "Content Security Policy" in entry["message"]
                      or "Refused to" in entry["message"]]
        errors = [entry["message"] for entry in logs if entry["level"] == "SEVERE"
                  and "/api/v1/" not in entry["message"]]
        check("the console has no CSP violation and no script error", not violations and not errors,
              "; ".join((violations + errors)[:3]))
    step("console", console_step)

    def other_practice_step():
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        state["alice_cookie"] = cookie
        driver.find_element(By.ID, "signout-button").click()
        wait_for(lambda: visible("signin-screen"), what="the sign-in form after signing out")
        status, _, _ = http("/api/v1/session", cookie=cookie)
        check(f"W4: signing out ends the session (the old cookie gets {status})", status == 401)
        driver.find_element(By.ID, "signin-login").clear()
        driver.find_element(By.ID, "signin-login").send_keys("oscar")
        driver.find_element(By.ID, "signin-password").send_keys(PASSWORD + Keys.ENTER)
        wait_for(lambda: visible("app-screen") and visible("list-state"), what="Oak's empty list")
        listed = text_of("conversation-list")
        empty = text_of("list-state")
        driver.get(f"{BASE}/#/conversations/{state['conversation']}")
        wait_for(lambda: visible("thread-state"), what="the refusal of another practice's conversation")
        check("W2: an account of another practice sees none of it (empty list, the conversation does not exist)",
              "Sarah" not in listed and "No active conversations" in empty
              and "no longer exists" in text_of("thread-state") and "prescription" not in text_of("messages"),
              f"{listed!r} {empty!r} {text_of('thread-state')!r}")
    step("another practice", other_practice_step)

    def onboarding_step():
        driver.find_element(By.ID, "signout-button").click()
        wait_for(lambda: visible("signin-screen"), what="the sign-in form")
        driver.find_element(By.ID, "signin-login").clear()
        driver.find_element(By.ID, "signin-login").send_keys("bianca")
        driver.find_element(By.ID, "signin-password").send_keys(PASSWORD + Keys.ENTER)
        wait_for(lambda: visible("app-screen") and visible("nav-admin"), what="Birch's inbox")
        driver.find_element(By.ID, "nav-admin").click()
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#staff-rows tr"), what="Birch's settings")
        driver.find_element(By.ID, "feature-texting").click()
        wait_for(lambda: visible("features-error"), what="the texting refusal")
        no_number = text_of("features-error")
        texting_off = not driver.find_element(By.ID, "feature-texting").is_selected()
        driver.find_element(By.ID, "feature-request-number").click()
        wait_for(lambda: text_of("features-error") != no_number, what="the number refusal")
        no_app_chat = text_of("features-error")
        check(f"E2, E3: out of order, texting and the number are refused in words ({no_number!r}; {no_app_chat!r})",
              texting_off and bool(no_number) and bool(no_app_chat) and "(E" not in no_number + no_app_chat)
        driver.find_element(By.ID, "feature-app-chat").click()
        wait_for(lambda: driver.find_element(By.ID, "feature-app-chat").is_selected()
                 and not driver.find_element(By.ID, "feature-app-chat").get_attribute("disabled"), what="app chat on")
        driver.find_element(By.ID, "feature-request-number").click()
        wait_for(lambda: "(800)" in text_of("feature-number"), what="the assigned number")
        driver.find_element(By.ID, "feature-texting").click()
        wait_for(lambda: not driver.find_element(By.ID, "feature-texting").get_attribute("disabled"), what="texting")
        shown = ctl("practice", "show", "--practice", str(birch))
        check(f"E1-E3: in order, app chat, a number ({text_of('feature-number')}) and texting turn on from the page",
              shown.get("appChat") and shown.get("texting") and not visible("features-error"), json.dumps(shown)[:200])
        monday = driver.find_element(By.ID, "hours-monday")
        monday.clear()
        monday.send_keys("08:00-12:00, 13:00-18:00")
        driver.find_element(By.CSS_SELECTOR, "#hours-form button[type=submit]").click()
        wait_for(lambda: visible("hours-saved") or visible("hours-error"), what="the hours saved")
        driver.execute_script("document.getElementById('exception-date').value = '2026-12-25'")
        driver.find_element(By.CSS_SELECTOR, "#exception-form button[type=submit]").click()
        wait_for(lambda: "2026-12-25" in text_of("exceptions-list") or visible("exception-error"), what="the exception")
        hours = ctl("hours", "show", "--practice", str(birch))
        monday_hours = [d["intervals"] for d in hours.get("weekly", []) if d["day"] == "monday"]
        check("A3: weekly hours and a closed-all-day exception are saved from the page",
              monday_hours == [["08:00-12:00", "13:00-18:00"]]
              and any(x["date"] == "2026-12-25" and x["closed"] for x in hours.get("exceptions", [])),
              json.dumps(hours)[:300])
        driver.find_element(By.ID, "staff-name").send_keys("Carol Front Desk")
        driver.find_element(By.ID, "staff-login").send_keys("carol")
        driver.find_element(By.ID, "staff-password").send_keys(PASSWORD + Keys.ENTER)
        wait_for(lambda: "carol" in text_of("staff-rows") or visible("staff-error"), what="the new account")
        check("W1: an admin adds a staff account from the page", "carol" in text_of("staff-rows"),
              text_of("staff-error") if visible("staff-error") else "")
        driver.execute_script("window.scrollTo(0, 0); document.getElementById('admin-view').scrollTop = 0")
        shot("05-admin.png")
        overflow = driver.execute_script(
            "const a = document.getElementById('admin-view'); return Math.max(a.scrollWidth - a.clientWidth,"
            " document.documentElement.scrollWidth - window.innerWidth)")
        check("the practice settings fit the 1,280-px screen without sideways scrolling", overflow <= 0, f"{overflow}px")
    step("admin onboarding", onboarding_step)
finally:
    if driver is not None:
        try:
            driver.quit()
        except Exception:
            pass
    daemon.terminate()
    try:
        daemon.wait(timeout=10)
    except subprocess.TimeoutExpired:
        daemon.kill()
    if failed:
        with open(os.path.join(work, "daemon.log")) as log:
            print("--- daemon log (last 30 lines) ---")
            print("".join(log.readlines()[-30:]), end="")
    shutil.rmtree(work, ignore_errors=True)
    signal.alarm(0)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
