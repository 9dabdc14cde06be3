#!/usr/bin/env python3
"""Reads and writes safetensors files (F64 and F32) with the Python standard library only.

An independent implementation of the layout, for chainrule's interoperability tests:

  safetensors_tool.py dump FILE         validate FILE and print it as JSON:
                                        {"metadata": {...} or null,
                                         "tensors": {name: {"dtype", "shape", "values"}}}
                                        with values flattened in row-major order
  safetensors_tool.py write FILE SPEC   write FILE from SPEC, a JSON file in the dump format
                                        (tensors in SPEC's order; values rounded to F32 for F32)

Layout: 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON (padded with spaces
to a multiple of 8), then each tensor's little-endian data at data_offsets relative to the end of
the header, contiguous. Exit status 1 with a message on stderr for an invalid file.
"""
import json
import struct
import sys

SIZES = {"F64": 8, "F32": 4}
FORMATS = {"F64": "d", "F32": "f"}


def fail(message):
    sys.stderr.write("invalid safetensors file: " + message + "\n")
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        fail("shorter than 8 bytes")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        fail("header length %d beyond file" % n)
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", None)
    tensors = {}
    spans = []
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in SIZES:
            fail("%s: unsupported dtype %s" % (name, dtype))
        shape = info["shape"]
        begin, end = info["data_offsets"]
        count = 1
        for d in shape:
            count *= d
        if end - begin != count * SIZES[dtype]:
            fail("%s: offsets disagree with shape" % name)
        if end > len(data):
            fail("%s: offsets beyond data" % name)
        spans.append((begin, end))
        values = list(struct.unpack("<%d%s" % (count, FORMATS[dtype]), data[begin:end]))
        tensors[name] = {"dtype": dtype, "shape": shape, "values": values}
    position = 0
    for begin, end in sorted(spans):
        if begin != position:
            fail("data_offsets not contiguous at %d" % begin)
        position = end
    if position != len(data):
        fail("%d bytes after the last tensor" % (len(data) - position))
    return {"metadata": metadata, "tensors": tensors}


def write(path, spec):
    header = {}
    chunks = []
    offset = 0
    for name, t in spec["tensors"].items():
        dtype = t["dtype"]
        count = 1
        for d in t["shape"]:
            count *= d
        if len(t["values"]) != count:
            raise ValueError("%s: %d values for shape %s" % (name, len(t["values"]), t["shape"]))
        chunk = struct.pack("<%d%s" % (count, FORMATS[dtype]), *t["values"])
        header[name] = {"dtype": dtype, "shape": t["shape"],
                        "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    if spec.get("metadata"):
        header["__metadata__"] = spec["metadata"]
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def main(argv):
    if len(argv) == 3 and argv[1] == "dump":
        json.dump(read(argv[2]), sys.stdout)
        sys.stdout.write("\n")
    elif len(argv) == 4 and argv[1] == "write":
        with open(argv[3], encoding="utf-8") as f:
            write(argv[2], json.load(f))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
