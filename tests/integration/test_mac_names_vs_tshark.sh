#!/usr/bin/env bash
# MAC addresses in read's Source and Destination columns, as tshark 4.0's default name
# resolution shows them (Wireshark's manuf and wka files): ARP frames, which have no IP
# addresses, from a vendor's /24 prefix, from a locally administered MS-NLB prefix (a
# random veth MAC can fall under it, also one that is not its /16: Wireshark looks each
# shorter cut up by its value), from no known prefix, and to broadcast. The capture is
# crafted here: no traffic.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
python3 - "$WORK/arp.pcap" <<'PY'
import struct, sys
def arp(src, dst, op, sender_ip, target_ip, target_mac):
    mac = lambda m: bytes.fromhex(m.replace(":", ""))
    return (mac(dst) + mac(src) + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) +
            mac(src) + bytes(sender_ip) + mac(target_mac) + bytes(target_ip))
frames = [
    arp("00:1b:21:12:34:56", "ff:ff:ff:ff:ff:ff", 1, [192, 0, 2, 1], [192, 0, 2, 2], "00:00:00:00:00:00"),
    arp("02:09:8c:62:41:72", "00:1b:21:12:34:56", 2, [192, 0, 2, 2], [192, 0, 2, 1], "00:1b:21:12:34:56"),
    arp("a6:ab:fb:36:48:99", "02:09:8c:62:41:72", 2, [192, 0, 2, 3], [192, 0, 2, 2], "02:09:8c:62:41:72"),
]
# Ranges Wireshark finds by their value at a shorter cut (02:3b.. is MS-NLB-PhysServer-32's
# at 11 bits), a /36 found at 35 and at 24 bits, ExtremeNetworks' /24 at 40 and 23 bits.
for i, src in enumerate(("02:3b:a8:ab:00:e2", "02:21:00:00:00:01", "02:40:a8:ab:00:e2",
                         "00:1b:c5:00:10:34", "00:1b:c5:ff:ff:ff", "02:04:96:00:00:aa",
                         "02:04:97:00:00:aa", "02:bf:01:02:03:04")):
    frames.append(arp(src, "ff:ff:ff:ff:ff:ff", 1, [192, 0, 2, 10 + i], [192, 0, 2, 5],
                      "00:00:00:00:00:00"))
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1000 + i, 0, len(fr), len(fr)) + fr)
PY
tshark -r "$WORK/arp.pcap" >"$WORK/t.txt" 2>/dev/null
"$SOCKSCOPE" read "$WORK/arp.pcap" >"$WORK/o.txt"
check_same_file "read: the summary lines equal tshark's ($(wc -l <"$WORK/t.txt") lines)" \
  "$WORK/t.txt" "$WORK/o.txt"
check "tshark names a vendor, MS-NLB's prefix and Broadcast here" \
  grep -q "IntelCor_12:34:56 → Broadcast .*MS-NLB-PhysServer-09_8c:62:41:72 → IntelCor_12:34:56" \
  <(tr '\n' ' ' <"$WORK/t.txt")
# eth.*_resolved in display filters: the same names (tshark without -n, as its columns)
for f in 'eth.src_resolved == "IntelCor_12:34:56"' 'eth.dst_resolved == "Broadcast"' \
  'eth.addr_resolved contains "MS-NLB"' 'eth.src_resolved == "a6:ab:fb:36:48:99"' \
  'eth.dst_resolved contains "_"' 'eth.src.oui == 0x001b21'; do
  want=$(tshark -r "$WORK/arp.pcap" -Y "$f" -T fields -e frame.number 2>/dev/null | paste -sd' ')
  got=$("$SOCKSCOPE" read "$WORK/arp.pcap" -Y "$f" | awk '{print $1}' | paste -sd' ')
  check_eq "read -Y '$f' selects tshark's frames ($want)" "$want" "$got"
done
finish
