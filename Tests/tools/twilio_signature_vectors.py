#!/usr/bin/env python3
"""Writes Tests/DaemonTests/TwilioSignatureVectors.swift: webhook signatures computed and checked
by Twilio's own Python helper library, for TwilioSignatureTests (issue 11, defect 5).

    python3 -m venv /tmp/twilio-venv && /tmp/twilio-venv/bin/pip install twilio
    /tmp/twilio-venv/bin/python Tests/tools/twilio_signature_vectors.py

The tests only read the generated Swift file: they need neither the network nor pip.
"""
import os
import sys

import twilio
from twilio.request_validator import RequestValidator

TOKEN = "12345"
BASE = "https://texting.example.com"


class MultiDict:
    """Form fields in order, with repeats, read as Flask's MultiDict is (getall)."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        seen = []
        for name, _ in self.pairs:
            if name not in seen:
                seen.append(name)
        return iter(seen)

    def __len__(self):
        return len(self.pairs)

    def getall(self, name):
        return [value for key, value in self.pairs if key == name]


SMS = [("MessageSid", "SM0123456789abcdef"), ("AccountSid", "AC0"), ("From", "+13125550142"),
       ("To", "+18005551000"), ("Body", "Is Bella's food ready?"), ("NumMedia", "0")]

# (name, URL the daemon checks, URL the carrier signed, fields)
CASES = [
    ("published example", "https://mycompany.com/myapp.php?foo=1&bar=2", None,
     [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
      ("From", "+12349013030"), ("To", "+18005551212")]),
    ("inbound text", BASE + "/twilio/sms", None, SMS),
    ("repeated identical field", BASE + "/twilio/sms", None, SMS + [("Foo", "a"), ("Foo", "a")]),
    ("repeated different values", BASE + "/twilio/sms", None, SMS + [("Foo", "b"), ("Foo", "a"), ("Foo", "b")]),
    ("repeated identical Body", BASE + "/twilio/sms", None, SMS + [("Body", "Is Bella's food ready?")]),
    ("unicode", BASE + "/twilio/sms", None,
     [("MessageSid", "SMu"), ("Body", "Caf\u00e9 \U0001F436 \u00f1 \u4f60\u597d"), ("Ort", "K\u00f6ln"),
      ("\u00c4rger", "x")]),
    ("canonically equivalent values stay distinct", BASE + "/twilio/sms", None,
     [("Name", "Ren\u00e9e"), ("Name", "Rene\u0301e")]),
    ("code point order", BASE + "/twilio/sms", None,
     [("V", "\U0001F436"), ("V", "\ufffd"), ("V", "\uff21"), ("V", "z")]),
    ("letter case and symbols sort by code point", BASE + "/twilio/sms", None,
     [("b", "1"), ("B", "2"), ("_x", "3"), ("a", "4"), ("A1", "5"), ("A", "6")]),
    ("empty values", BASE + "/twilio/sms", None,
     [("MessageSid", "SMe"), ("Body", ""), ("Empty", ""), ("Empty", "")]),
    ("no fields", BASE + "/twilio/status", None, []),
    ("query string", BASE + "/twilio/sms?practice=1&x=%20y&z", None, SMS),
    ("signed with the default port, checked without", BASE + "/twilio/sms",
     "https://texting.example.com:443/twilio/sms", SMS),
    ("signed without the port, checked with the default port", "https://texting.example.com:443/twilio/sms",
     BASE + "/twilio/sms", SMS),
    ("http: signed with port 80, checked without", "http://texting.example.com/twilio/sms",
     "http://texting.example.com:80/twilio/sms", SMS),
    ("signed without a port, checked with port 8443", "https://texting.example.com:8443/twilio/sms",
     BASE + "/twilio/sms", SMS),
    ("signed with port 8443, checked without a port", BASE + "/twilio/sms",
     "https://texting.example.com:8443/twilio/sms", SMS),
    ("signed with port 8443, checked with port 8444", "https://texting.example.com:8444/twilio/sms",
     "https://texting.example.com:8443/twilio/sms", SMS),
    ("signed for another host", BASE + "/twilio/sms", "https://other.example.com/twilio/sms", SMS),
    ("signed for another query", BASE + "/twilio/sms?practice=1", BASE + "/twilio/sms?practice=2", SMS),
]


def swift_string(text):
    out = '"'
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out += "\\\\"
        elif ch == '"':
            out += '\\"'
        elif 0x20 <= code < 0x7F:
            out += ch
        else:
            out += "\\u{%X}" % code
    return out + '"'


def main():
    validator = RequestValidator(TOKEN)
    lines = []
    for name, url, signed_url, pairs in CASES:
        signed_url = signed_url or url
        params = MultiDict(pairs)
        signature = validator.compute_signature(signed_url, params)
        valid = validator.validate(url, params, signature)
        fields = ", ".join("(%s, %s)" % (swift_string(k), swift_string(v)) for k, v in pairs)
        lines.append(
            "        Vector(name: %s, url: %s, signedURL: %s,\n"
            "               fields: [%s],\n"
            "               signature: %s, valid: %s),"
            % (swift_string(name), swift_string(url), swift_string(signed_url), fields, swift_string(signature),
               "true" if valid else "false"))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "DaemonTests", "TwilioSignatureVectors.swift")
    with open(out, "w") as f:
        f.write("// Generated by Tests/tools/twilio_signature_vectors.py with twilio-python %s; do not edit.\n" % twilio.__version__)
        f.write("// `signature` is RequestValidator.compute_signature(signedURL, fields) under the auth token\n")
        f.write("// %s; `valid` is RequestValidator.validate(url, fields, signature).\n\n" % swift_string(TOKEN))
        f.write("import Testing\n\n")
        f.write("/// Webhook signatures computed by Twilio's reference library (issue 11, defect 5).\n")
        f.write("enum TwilioSignatureVectors {\n")
        f.write("    struct Vector: Sendable, CustomTestStringConvertible {\n")
        f.write("        var name: String\n        var url: String\n        var signedURL: String\n")
        f.write("        var fields: [(String, String)]\n        var signature: String\n        var valid: Bool\n\n")
        f.write("        var testDescription: String { name }\n    }\n\n")
        f.write("    static let authToken = %s\n\n" % swift_string(TOKEN))
        f.write("    static let all: [Vector] = [\n")
        f.write("\n".join(lines) + "\n")
        f.write("    ]\n}\n")
    print("wrote %d vectors to %s" % (len(lines), os.path.normpath(out)))


if __name__ == "__main__":
    sys.exit(main())
