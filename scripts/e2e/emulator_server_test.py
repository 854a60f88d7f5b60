"""Tests of emulator_server.ReplayLostAnswers with a stand-in application (run by __tests__/ladder-scripts.test.ts)."""

import io
import os
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emulator_server import ReplayLostAnswers  # noqa: E402


class CountingApplication:
    """Answers every request with a new serial number; answers 'fail' bodies with a 503."""

    def __init__(self):
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        with self.lock:
            self.calls += 1
            serial = self.calls
        status = "503 Service Unavailable" if body == b"fail" else "200 OK"
        start_response(status, [("Content-Type", "text/plain")])
        return [f"answer {serial}".encode()]


def request(middleware, invocation, attempt, body=b"Action=CreateRoute&Version=2016-11-15"):
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    if invocation:
        environ["HTTP_AMZ_SDK_INVOCATION_ID"] = invocation
        environ["HTTP_AMZ_SDK_REQUEST"] = f"attempt={attempt}; max=3"
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status
        return lambda data: None

    answer["body"] = b"".join(middleware(environ, start_response)).decode()
    return answer


class ReplayLostAnswersTest(unittest.TestCase):
    def setUp(self):
        self.application = CountingApplication()
        handle, self.log = tempfile.mkstemp()
        os.close(handle)
        self.middleware = ReplayLostAnswers(self.application, self.log)

    def tearDown(self):
        os.unlink(self.log)

    def test_a_re_sent_request_after_a_successful_answer_gets_that_answer_and_is_not_carried_out_again(self):
        first = request(self.middleware, "invocation-1", 1)
        again = request(self.middleware, "invocation-1", 2)
        self.assertEqual(again, first)
        self.assertEqual(self.application.calls, 1)
        with open(self.log, encoding="utf-8") as log:
            self.assertEqual(log.read(), "CreateRoute\tinvocation-1\tattempt 2\t200 OK\n")

    def test_a_re_sent_request_after_an_error_answer_is_carried_out_again(self):
        request(self.middleware, "invocation-2", 1, b"fail")
        again = request(self.middleware, "invocation-2", 2, b"fail")
        self.assertEqual(again, {"status": "503 Service Unavailable", "body": "answer 2"})
        self.assertEqual(self.application.calls, 2)

    def test_other_invocations_and_requests_without_an_invocation_are_carried_out(self):
        self.assertEqual(request(self.middleware, "invocation-3", 1)["body"], "answer 1")
        self.assertEqual(request(self.middleware, "invocation-4", 1)["body"], "answer 2")
        self.assertEqual(request(self.middleware, None, 1)["body"], "answer 3")
        self.assertEqual(request(self.middleware, None, 1)["body"], "answer 4")
        with open(self.log, encoding="utf-8") as log:
            self.assertEqual(log.read(), "")

    def test_a_first_attempt_repeating_an_invocation_id_is_carried_out(self):
        request(self.middleware, "invocation-5", 1)
        self.assertEqual(request(self.middleware, "invocation-5", 1)["body"], "answer 2")


if __name__ == "__main__":
    unittest.main()
