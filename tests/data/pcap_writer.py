"""The classic pcap writer of the capture generators (tests/data/make_*.py and
tests/integration/make_big_captures.py), so that every crafted capture has the same
header and record layout (little-endian, version 2.4, no time zone)."""
import struct


def write_pcap(path, records, linktype=1, snaplen=65535, nanos=False):
    """Writes `records` to `path` as a classic pcap file.

    records: an iterable of (time, data) or (time, data, original_length); the original
    length defaults to len(data). time is either seconds (int or float: the fraction is
    rounded to microseconds, or to nanoseconds when `nanos`) or a (seconds, fraction) pair
    of ints written as given, for times a float cannot hold.
    nanos: nanosecond timestamps (magic 0xa1b23c4d) instead of microsecond ones.
    """
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D if nanos else 0xA1B2C3D4, 2, 4, 0, 0,
                            snaplen, linktype))
        for r in records:
            t, data = r[0], r[1]
            orig = r[2] if len(r) > 2 else len(data)
            if isinstance(t, tuple):
                sec, frac = t
            else:
                sec = int(t)
                frac = int(round((t - sec) * (1e9 if nanos else 1e6)))
            f.write(struct.pack("<IIII", sec, frac, len(data), orig) + data)
