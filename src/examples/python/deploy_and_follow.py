#!/usr/bin/env python3
"""Deploys a server through ECS Provisioner's automation interface over AMQP 1.0 and prints its events.

Subscribes to ecs.events (only the events of this request, by the cloudEvents_requestid selector), then sends one
deploy command to ecs.commands, and prints each event until the job succeeds (exit 0), fails or the command is
rejected (exit 1). Connection problems and refusals (wrong password, no right to send) exit 2; no end within the
time-out exits 3.

Needs Debian's python3-qpid-proton (run it with /usr/bin/python3). The broker user and password come from the
environment (ECS_BROKER_USER, ECS_BROKER_PASSWORD), never from the command line, where other users could read them.

    ECS_BROKER_USER=billing ECS_BROKER_PASSWORD=... /usr/bin/python3 deploy_and_follow.py \
        --profile sandbox --server-name web-1
"""
import argparse
import json
import os
import sys
import uuid

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container, Selector

FINAL = {
    "com.ecsprovisioner.job.succeeded.v1": 0,
    "com.ecsprovisioner.job.failed.v1": 1,
    "com.ecsprovisioner.command.rejected.v1": 1,
}


class DeployAndFollow(MessagingHandler):
    def __init__(self, url, user, password, command, timeout):
        super().__init__()
        self.url = url
        self.user = user
        self.password = password
        self.command = command
        self.timeout = timeout
        self.exit_code = 3
        self.sent = False
        self.connection = None
        self.container = None

    def on_start(self, event):
        self.container = event.container
        self.connection = event.container.connect(
            self.url, user=self.user, password=self.password,
            allowed_mechs="PLAIN", allow_insecure_mechs=True, reconnect=False)
        selector = "cloudEvents_requestid = '%s'" % self.command["requestId"]
        # The subscription exists before the command is sent, so that no event of it can be missed.
        event.container.create_receiver(self.connection, "ecs.events", options=Selector(selector))
        event.container.schedule(self.timeout, self)

    def on_link_opened(self, event):
        if event.receiver and not self.sent:
            self.sent = True
            sender = event.container.create_sender(self.connection, "ecs.commands")
            sender.send(Message(body=json.dumps(self.command, separators=(",", ":")), content_type="application/json", durable=True))
            print("sent %s %s" % (self.command["type"], self.command["requestId"]), flush=True)

    def on_message(self, event):
        body = event.message.body
        if isinstance(body, (bytes, memoryview)):
            body = bytes(body).decode("utf-8")
        cloud_event = json.loads(body)
        print("%s subject=%s data=%s" % (cloud_event.get("type"), cloud_event.get("subject"),
                                         json.dumps(cloud_event.get("data"), sort_keys=True)), flush=True)
        if cloud_event.get("type") in FINAL:
            self.finish(FINAL[cloud_event["type"]])

    def on_timer_task(self, event):
        if self.exit_code == 3:
            print("no end of the job within %s s" % self.timeout, file=sys.stderr)
            self.finish(3)

    def on_rejected(self, event):
        self.fail("the broker refused the command: %s" % event.delivery.remote.condition)

    def on_transport_error(self, event):
        self.fail("connection failed: %s" % event.transport.condition)

    def on_connection_error(self, event):
        self.fail("connection refused: %s" % event.connection.remote_condition)

    def on_link_error(self, event):
        self.fail("refused: %s" % event.link.remote_condition)

    def on_session_error(self, event):
        self.fail("refused: %s" % event.session.remote_condition)

    def fail(self, reason):
        print(reason, file=sys.stderr)
        self.finish(2)

    def finish(self, code):
        if self.exit_code == 3 or code != 3:
            self.exit_code = code
        if self.connection is not None:
            self.connection.close()
        # Timers and a closing connection could keep the reactor busy: stop it outright.
        self.container.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="amqp://127.0.0.1:61616")
    parser.add_argument("--profile", required=True, help="provider profile: its name or id")
    parser.add_argument("--server-name", required=True)
    parser.add_argument("--request-id", default=None, help="defaults to a new random one")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds")
    args = parser.parse_args()
    user = os.environ.get("ECS_BROKER_USER")
    password = os.environ.get("ECS_BROKER_PASSWORD")
    if not user or not password:
        print("Set ECS_BROKER_USER and ECS_BROKER_PASSWORD", file=sys.stderr)
        return 2
    command = {
        "type": "deploy",
        "requestId": args.request_id or "py-" + str(uuid.uuid4()),
        "profile": args.profile,
        "serverName": args.server_name,
    }
    handler = DeployAndFollow(args.url, user, password, command, args.timeout)
    Container(handler).run()
    return handler.exit_code


if __name__ == "__main__":
    sys.exit(main())
