"""fork(), multiprocessing and interpreter exit: a child gets a working
shipper of its own, what the parent logged before fork() is sent once, and
records are delivered at exit without an explicit flush."""
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import time

import pytest

import cwlog
from conftest import read_messages, run_python, wait_for
from test_handler import make_logger

# A forked child that starts threads (a shipper of its own) can hang under the
# sanitizers: GCC 12's ASan allocator takes no lock around fork(), so one of
# its locks that another thread of the parent held at that moment stays held
# in the child, and the child's first allocation of that size waits forever
# (seen: about 1 fork in 250 while the parent ships, in
# SizeClassAllocator64::GetFromAllocator; 2,400 forks of the release build
# never hung). pytest's process has the threads of every earlier test's
# shipper. These tests run in the release pass (tests.cmake sets
# CWLOG_SANITIZED for the other).
forks_a_threaded_process = pytest.mark.skipif(
    os.environ.get("CWLOG_SANITIZED") == "1", reason="ASan's allocator is not fork-safe (see above)"
)


@forks_a_threaded_process
def test_a_forked_child_ships_its_own_records_and_nothing_twice(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="{process_id}")
    log = make_logger(f"{group}.fork", handler)
    log.info("parent before fork")  # still queued in the parent at fork()
    pid = os.fork()
    if pid == 0:  # the child: log, flush, leave without running the parent's hooks
        status = 1
        try:
            log.info("child")
            status = 0 if handler.shipper.flush(50)["complete"] else 2
        finally:
            os._exit(status)
    status = _wait_or_dump(pid, 60)
    assert os.waitstatus_to_exitcode(status) == 0
    log.info("parent after fork")
    handler.flush()
    assert read_messages(logs, group, str(os.getpid())) == ["parent before fork", "parent after fork"]
    assert read_messages(logs, group, str(pid)) == ["child"]


def _wait_or_dump(pid, seconds):
    """The child's exit status; a child still running after `seconds` has its
    threads' stacks printed (gdb), so a hang shows where it waits, and is
    killed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    gdb = shutil.which("gdb")
    if gdb:
        # Without the sanitizer runtimes a test run may preload: gdb under ASan hangs.
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
        try:
            dump = subprocess.run(
                [gdb, "-nx", "-p", str(pid), "-batch", "-ex", "thread apply all bt"],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
            ).stdout
        except subprocess.TimeoutExpired:
            dump = "(gdb did not finish in 60 s)"
        print(f"child {pid} still running after {seconds} s; its threads:\n{dump}")
    os.kill(pid, 9)  # whatever gdb did: no child outlives the test
    _, status = os.waitpid(pid, 0)
    pytest.fail(f"the forked child did not finish in {seconds} s (threads above when gdb is there)")


def _child_work(group):
    log = logging.getLogger(f"{group}.mp")
    log.info("from multiprocessing child %d", os.getpid())  # no flush: the child's exit delivers


@forks_a_threaded_process
def test_multiprocessing_children_deliver_at_their_exit(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="all")
    make_logger(f"{group}.mp", handler, logging.INFO)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_child_work, args=(group,)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    got = read_messages(logs, group, "all")
    assert sorted(got) == sorted(f"from multiprocessing child {p.pid}" for p in procs)


LOGGING_PROGRAM = """
import logging, cwlog
log = logging.getLogger("app")
log.addHandler(cwlog.CloudWatchLogHandler(log_group_name="{group}", log_stream_name="s"))
log.setLevel(logging.INFO)
for i in range(1000):
    log.info("event %d", i)
"""

# loguru has no exit hook of its own that flushes: cwlog's atexit hook delivers.
LOGURU_PROGRAM = """
import cwlog
from loguru import logger
logger.remove()
logger.add(cwlog.loguru_sink(log_group_name="{group}", log_stream_name="s"), format="{{message}}")
for i in range(1000):
    logger.info("event {{}}", i)
"""


@pytest.mark.parametrize("program", [LOGGING_PROGRAM, LOGURU_PROGRAM], ids=["logging", "loguru"])
def test_exit_without_flush_delivers(local_endpoint, logs, group, program):
    result = run_python(program.format(group=group))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    got = [json.loads(m)["message"] if m.startswith("{") else m for m in read_messages(logs, group, "s")]
    assert got == [f"event {i}" for i in range(1000)]


def test_threads_started_before_and_after_the_handler_work(local_endpoint, logs, group):
    import threading

    started = threading.Event()
    release = threading.Event()
    log = logging.getLogger(f"{group}.threads")

    def early():
        started.set()
        release.wait(60)
        log.info("early thread")

    t1 = threading.Thread(target=early)
    t1.start()
    started.wait(60)
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    make_logger(f"{group}.threads", handler, logging.INFO)
    release.set()
    t2 = threading.Thread(target=lambda: log.info("late thread"))
    t2.start()
    t1.join()
    t2.join()
    handler.flush()
    assert sorted(read_messages(logs, group, "s")) == ["early thread", "late thread"]
    assert wait_for(lambda: handler.counters()["delivered"] >= 2)
