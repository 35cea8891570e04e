#!/usr/bin/python3
"""A real gRPC client (Debian's python3-grpcio) for the end-to-end tests of the recorder's API.

grpcio-tools is not installed, so there is no generated code: calls are generic (raw bytes in and out)
and messages are built from the FileDescriptorSet the test writes out of the C# descriptors.

Usage: grpc_client.py --target T --descriptors FILE [--tls-ca PEM [--tls-cert PEM --tls-key PEM]] COMMAND...
Each COMMAND prints one JSON line: {"cmd", "code", "details", and "response" or "events"}.
  list | status | get:<id> | health:<service> | health-watch:<service>
  list-pages:<page_size>             ListContainers page after page: "response" is every page, "pages" how many
  list-raw:<page_size>:<page_token>  one ListContainers call as given
  get-size:<id>:<n>                  GetContainer with an id of n times <id>
  delete-size:<id>:<n>               DeleteContainer likewise
  export:<format>:<errno>:<name>:<ids,> ExportProfile; format a number; an errno or name of "@N" is N x "E"
  call:<path>                        an empty request to any path (for UNIMPLEMENTED)
  watch:<container>:<n>              read n events, then cancel the call
  watch-deadline:<container>:<sec>   read until the deadline ends the call
  health-watch-to-end:<service>      read until the server ends the call; each response is also printed at once
  watch-to-end:<container>           likewise for WatchEvents
The *-to-end commands print {"cmd", "event"} per message as it arrives, flushed, before their final line.
"""

import argparse
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

RECORDER = "/seccomp.recorder.v1.Recorder/"
HEALTH = "/grpc.health.v1.Health/"


class Messages:
    def __init__(self, path):
        fds = descriptor_pb2.FileDescriptorSet()
        with open(path, "rb") as f:
            fds.ParseFromString(f.read())
        self._pool = descriptor_pool.DescriptorPool()
        for proto in fds.file:
            self._pool.Add(proto)
        self._factory = message_factory.MessageFactory(self._pool)

    def __getitem__(self, full_name):
        descriptor = self._pool.FindMessageTypeByName(full_name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return self._factory.GetPrototype(descriptor)


def to_dict(message):
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, including_default_value_fields=True)


def emit(**fields):
    print(json.dumps(fields, sort_keys=True), flush=True)


def unary(channel, m, cmd, path, request, response_type, timeout=10):
    call = channel.unary_unary(path, request_serializer=None, response_deserializer=None)
    try:
        raw = call(request.SerializeToString(), timeout=timeout)
    except grpc.RpcError as e:
        emit(cmd=cmd, code=e.code().name, details=e.details())
        return
    response = m[response_type]()
    response.ParseFromString(raw)
    emit(cmd=cmd, code="OK", details="", response=to_dict(response))


def stream(channel, m, cmd, path, request, response_type, count=None, timeout=None, progress=False):
    call = channel.unary_stream(path, request_serializer=None, response_deserializer=None)
    responses = call(request.SerializeToString(), timeout=timeout)
    events = []
    try:
        for raw in responses:
            message = m[response_type]()
            message.ParseFromString(raw)
            events.append(to_dict(message))
            if progress:
                emit(cmd=cmd, event=events[-1])
            if count is not None and len(events) >= count:
                responses.cancel()
    except grpc.RpcError as e:
        emit(cmd=cmd, code=e.code().name, details=e.details(), events=events)
        return
    emit(cmd=cmd, code="OK", details="", events=events)


def list_pages(channel, m, cmd, page_size):
    call = channel.unary_unary(RECORDER + "ListContainers", request_serializer=None, response_deserializer=None)
    containers, pages, token = [], 0, ""
    while True:
        request = m["seccomp.recorder.v1.ListContainersRequest"](page_size=page_size, page_token=token)
        try:
            raw = call(request.SerializeToString(), timeout=10)
        except grpc.RpcError as e:
            emit(cmd=cmd, code=e.code().name, details=e.details(), pages=pages)
            return
        page = m["seccomp.recorder.v1.ListContainersResponse"]()
        page.ParseFromString(raw)
        pages += 1
        containers.extend(to_dict(c) for c in page.containers)
        token = page.next_page_token
        if not token or pages > 10000:
            break
    emit(cmd=cmd, code="OK", details="", pages=pages, response={"containers": containers})


def sized(text):
    """"@N" is N x "E" (an errno-like name of any length); anything else is itself."""
    return "E" * int(text[1:]) if text.startswith("@") else text


def run(channel, m, cmd):
    name, _, arg = cmd.partition(":")
    if name == "list-pages":
        list_pages(channel, m, cmd, int(arg))
    elif name == "list-raw":
        size, _, token = arg.partition(":")
        unary(channel, m, cmd, RECORDER + "ListContainers",
              m["seccomp.recorder.v1.ListContainersRequest"](page_size=int(size), page_token=token),
              "seccomp.recorder.v1.ListContainersResponse")
    elif name in ("get-size", "delete-size"):
        base, _, count = arg.rpartition(":")
        method, request, response = (("GetContainer", "GetContainerRequest", "Container") if name == "get-size"
                                     else ("DeleteContainer", "DeleteContainerRequest", "DeleteContainerResponse"))
        unary(channel, m, cmd, RECORDER + method,
              m["seccomp.recorder.v1." + request](id=base * int(count)), "seccomp.recorder.v1." + response)
    elif name == "export":
        fmt, errno, profile_name, ids = arg.split(":", 3)
        unary(channel, m, cmd, RECORDER + "ExportProfile",
              m["seccomp.recorder.v1.ExportProfileRequest"](
                  format=int(fmt), default_errno=sized(errno), name=sized(profile_name), container_ids=ids.split(",")),
              "seccomp.recorder.v1.ExportProfileResponse")
    elif name == "health-watch-to-end":
        stream(channel, m, cmd, HEALTH + "Watch",
               m["grpc.health.v1.HealthCheckRequest"](service=arg), "grpc.health.v1.HealthCheckResponse", progress=True)
    elif name == "watch-to-end":
        stream(channel, m, cmd, RECORDER + "WatchEvents",
               m["seccomp.recorder.v1.WatchEventsRequest"](container_id=arg), "seccomp.recorder.v1.Event", progress=True)
    elif name == "list":
        unary(channel, m, cmd, RECORDER + "ListContainers",
              m["seccomp.recorder.v1.ListContainersRequest"](), "seccomp.recorder.v1.ListContainersResponse")
    elif name == "status":
        unary(channel, m, cmd, RECORDER + "GetStatus",
              m["seccomp.recorder.v1.GetStatusRequest"](), "seccomp.recorder.v1.Status")
    elif name == "get":
        unary(channel, m, cmd, RECORDER + "GetContainer",
              m["seccomp.recorder.v1.GetContainerRequest"](id=arg), "seccomp.recorder.v1.Container")
    elif name == "health":
        unary(channel, m, cmd, HEALTH + "Check",
              m["grpc.health.v1.HealthCheckRequest"](service=arg), "grpc.health.v1.HealthCheckResponse")
    elif name == "health-watch":
        stream(channel, m, cmd, HEALTH + "Watch",
               m["grpc.health.v1.HealthCheckRequest"](service=arg), "grpc.health.v1.HealthCheckResponse", count=1)
    elif name == "call":
        # Any path, an empty message: what an old or confused client would send.
        unary(channel, m, cmd, arg, m["seccomp.recorder.v1.GetStatusRequest"](), "seccomp.recorder.v1.Status")
    elif name == "watch":
        container, _, count = arg.rpartition(":")
        stream(channel, m, cmd, RECORDER + "WatchEvents",
               m["seccomp.recorder.v1.WatchEventsRequest"](container_id=container), "seccomp.recorder.v1.Event",
               count=int(count))
    elif name == "watch-deadline":
        container, _, seconds = arg.rpartition(":")
        stream(channel, m, cmd, RECORDER + "WatchEvents",
               m["seccomp.recorder.v1.WatchEventsRequest"](container_id=container), "seccomp.recorder.v1.Event",
               timeout=float(seconds))
    else:
        emit(cmd=cmd, code="BAD_COMMAND", details=cmd)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--descriptors", required=True)
    parser.add_argument("--tls-ca", help="PEM root: a secure channel (with --tls-cert/--tls-key: a client certificate)")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    m = Messages(args.descriptors)
    if args.tls_ca:
        def read(path):
            if not path:
                return None
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.tls_ca), private_key=read(args.tls_key), certificate_chain=read(args.tls_cert))
        with grpc.secure_channel(args.target, credentials, options=[("grpc.enable_http_proxy", 0)]) as channel:
            for cmd in args.commands:
                run(channel, m, cmd)
        return
    # No proxy: the tests talk to 127.0.0.1 or a socket in a temp dir, whatever the environment says.
    with grpc.insecure_channel(args.target, options=[("grpc.enable_http_proxy", 0)]) as channel:
        for cmd in args.commands:
            run(channel, m, cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
