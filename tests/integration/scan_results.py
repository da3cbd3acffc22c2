#!/usr/bin/env python3
"""Helper for the scan integration tests (not a test itself).

  scan_results.py FILE...   "host port/proto state reason" per result, sorted, from -oJ JSON,
                            -oD NDJSON, -oX XML (extraports expanded, in all three: the
                            ports --open does not list), --csv or -oG files;
                            exits 1 when a file does not parse or holds a pair twice.
"""
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET

from scan_helpers import expand  # nmap's port lists ("1-3,7"), one reader for both


def extraports(host, groups):
    for g in groups:
        for p in expand(g["ports"]):
            yield host, p, g["proto"], g["state"], g["reason"]


def rows(path):
    text = open(path).read()
    if path.endswith(".xml"):
        root = ET.fromstring(text)
        for host in root.iter("host"):
            addr = host.find("address").get("addr")
            for extra in host.iter("extraports"):
                for r in extra.iter("extrareasons"):
                    for p in expand(r.get("ports", "")):
                        yield addr, p, r.get("proto"), extra.get("state"), r.get("reason")
            for port in host.iter("port"):
                st = port.find("state")
                yield addr, int(port.get("portid")), port.get("protocol"), st.get("state"), st.get("reason")
    elif path.endswith(".csv"):
        for r in csv.DictReader(text.splitlines()):
            yield r["host"], int(r["port"]), r["proto"], r["state"], r["reason"]
    elif path.endswith(".gnmap"):
        for line in text.splitlines():
            m = re.match(r"Host: (\S+) .*\tPorts: (.*?)(\t|$)", line)
            if not m:
                continue
            for entry in m.group(2).split(", "):
                port, state, proto = entry.split("/")[:3]
                yield m.group(1), int(port), proto, state, "-"
    elif text.lstrip().startswith("{") and '"hosts"' in text[:4096]:
        doc = json.loads(text)
        for h in doc["hosts"]:
            for r in h["results"]:
                yield h["host"], r["port"], r["proto"], r["state"], r["reason"]
            yield from extraports(h["host"], h.get("extraports", []))
    else:
        for line in text.splitlines():
            r = json.loads(line)
            if "port" not in r:  # --open: a host's record of the ports not listed
                yield from extraports(r["host"], r["extraports"])
                continue
            yield r["host"], r["port"], r["proto"], r["state"], r["reason"]


def main():
    seen = {}
    for path in sys.argv[1:]:
        for host, port, proto, state, reason in rows(path):
            key = (host, proto, port)
            if key in seen:
                print(f"{path}: {host} {port}/{proto} twice", file=sys.stderr)
                sys.exit(1)
            seen[key] = (state, reason)
    for (host, proto, port), (state, reason) in sorted(seen.items()):
        print(f"{host} {port}/{proto} {state} {reason}")


if __name__ == "__main__":
    main()
