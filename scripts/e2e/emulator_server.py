"""The AWS emulator of rung 3: moto's server application, run as `moto_server` runs it, plus one thing AWS gives a
client and moto does not: a request the AWS SDK re-sends after an attempt the emulator carried out gets that attempt's
answer instead of being carried out twice.

Why: under the load of a deploy (hundreds of requests in parallel on two cores) moto's development server loses about
one answer in a thousand: the attempt is carried out, the client sees a broken connection instead of the response,
and the SDK re-sends the request (the header `amz-sdk-request: attempt=2`, same `amz-sdk-invocation-id`) within a few
hundred milliseconds. Calls that are not idempotent then fail on the second attempt although the first succeeded:
`CreateRoute` answers RouteAlreadyExists, `DeleteListener` ListenerNotFound, `RevokeSecurityGroupIngress`
InvalidPermission.NotFound, and Terraform reports a failure for a resource the emulator holds. Lost answers are this
server's defect, not AWS behaviour a deployment has to survive, so they are repaired here, where they happen.

Only successful answers (2xx) are replayed: a client re-sends those only when it did not get them. An error answer
(throttling, 5xx, a retryable error code) is one the client re-sends on purpose, so a re-sent request after an error
reaches moto again exactly as before. Every replay is written to the log file named on the command line, which the
rung prints, so a run shows how many answers were lost and for which actions.

    python emulator_server.py PORT REPLAY_LOG
"""

import os
import re
import sys
import threading
from collections import OrderedDict

ATTEMPT = re.compile(r"attempt=(\d+)")
QUERY_ACTION = re.compile(rb"(?:^|&)Action=([A-Za-z0-9]+)")
# Successful answers are kept for this many invocations: a re-sent request follows its lost answer within seconds,
# while a deploy makes a few thousand requests in all.
KEPT_ANSWERS = 20000


class ReplayLostAnswers:
    """WSGI middleware: answers a re-sent SDK request with the successful answer its earlier attempt already got."""

    def __init__(self, application, replay_log):
        self.application = application
        self.replay_log = replay_log
        self.lock = threading.Lock()
        self.answers = OrderedDict()
        self.running = OrderedDict()

    def __call__(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if not invocation:
            return self.application(environ, start_response)
        attempt_match = ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        attempt = int(attempt_match.group(1)) if attempt_match else 1
        with self.lock:
            earlier = self.running.get(invocation)
            done = threading.Event()
            self.running[invocation] = done
            while len(self.running) > KEPT_ANSWERS:
                self.running.popitem(last=False)
        if attempt > 1 and earlier is not None:
            # The earlier attempt may still be running when the client gave up on it: wait for its answer.
            earlier.wait(timeout=600)
            with self.lock:
                answer = self.answers.get(invocation)
            if answer is not None:
                done.set()
                self.record_replay(environ, invocation, attempt, answer[0])
                start_response(answer[0], answer[1])
                return [answer[2]]
        try:
            status, headers, body = self.carry_out(environ)
        finally:
            done.set()
        if status.startswith("2"):
            with self.lock:
                self.answers[invocation] = (status, headers, body)
                while len(self.answers) > KEPT_ANSWERS:
                    self.answers.popitem(last=False)
        start_response(status, headers)
        return [body]

    def carry_out(self, environ):
        answer = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, list(headers)
            return lambda data: answer.setdefault("written", []).append(data)

        chunks = self.application(environ, capture)
        try:
            body = b"".join(answer.get("written", [])) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return answer["status"], answer["headers"], body

    def record_replay(self, environ, invocation, attempt, status):
        # The replayed request never reaches moto, so its body is still unread: it names Query-protocol actions.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        query_action = QUERY_ACTION.search(body)
        action = (environ.get("HTTP_X_AMZ_TARGET", "").rpartition(".")[2]
                  or (query_action.group(1).decode() if query_action else "")
                  or environ.get("REQUEST_METHOD", "") + " " + environ.get("PATH_INFO", ""))
        with self.lock, open(self.replay_log, "a", encoding="utf-8") as log:
            log.write(f"{action}\t{invocation}\tattempt {attempt}\t{status}\n")


def main():
    # Imported here so that ReplayLostAnswers can be tested without the emulator's virtualenv.
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import run_simple

    port, replay_log = int(sys.argv[1]), sys.argv[2]
    # moto builds some URLs it returns (queues, buckets) from MOTO_PORT, as moto_server sets it.
    os.environ.setdefault("MOTO_PORT", str(port))
    open(replay_log, "w", encoding="utf-8").close()
    application = DomainDispatcherApplication(create_backend_app)
    application.debug = True
    run_simple(
        "127.0.0.1",
        port,
        ReplayLostAnswers(application, replay_log),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
