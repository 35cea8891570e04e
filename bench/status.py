#!/usr/bin/python3
"""Print one field of seccomp-recorder's GetStatus response.

    /usr/bin/python3 bench/status.py API_SOCKET [--field N] [--timeout SECONDS]

Calls /seccomp.recorder.v1.Recorder/GetStatus over unix:API_SOCKET with a generic unary call
(no generated code: the request GetStatusRequest{} encodes to zero bytes) and prints the value of
varint field N of the Status response (default 8, allocated_bytes; 6 is notifications), see
src/Proto/seccomp/recorder/v1/recorder.proto. proto3 omits zero values, so an absent field
prints 0. Exit status 1 (message on stderr) if the call fails.

Uses Debian's python3-grpcio, hence /usr/bin/python3 rather than whatever python3 is on PATH.
"""

import argparse
import sys

import grpc

METHOD = "/seccomp.recorder.v1.Recorder/GetStatus"


def read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift >= 64:
            raise ValueError("varint longer than 10 bytes")


def varint_field(message: bytes, wanted: int) -> int:
    """Last occurrence wins, as in protobuf's merge semantics."""
    value = 0
    pos = 0
    while pos < len(message):
        key, pos = read_varint(message, pos)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:  # varint
            v, pos = read_varint(message, pos)
            if field == wanted:
                value = v
        elif wire_type == 1:  # fixed64
            pos += 8
        elif wire_type == 2:  # length-delimited
            length, pos = read_varint(message, pos)
            pos += length
        elif wire_type == 5:  # fixed32
            pos += 4
        else:
            raise ValueError(f"unsupported wire type {wire_type} for field {field}")
        if pos > len(message):
            raise ValueError("truncated message")
        if field == wanted and wire_type != 0:
            raise ValueError(f"field {wanted} has wire type {wire_type}, expected varint")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("socket", help="path of the daemon's gRPC Unix socket")
    parser.add_argument("--field", type=int, default=8, help="Status field number (default 8)")
    parser.add_argument("--timeout", type=float, default=5.0, help="deadline in seconds")
    args = parser.parse_args()

    with grpc.insecure_channel(f"unix:{args.socket}") as channel:
        # No serializers: request and response are raw bytes.
        call = channel.unary_unary(METHOD)
        try:
            response = call(b"", timeout=args.timeout)
        except grpc.RpcError as e:
            print(f"status.py: {METHOD}: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
    try:
        print(varint_field(response, args.field))
    except ValueError as e:
        print(f"status.py: cannot decode Status: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
