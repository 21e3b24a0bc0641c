"""A tiny output for build tests: writes the program title, or fails on request."""

from builder.build.targets import RenderResult, Target
from builder.errors import ContentError, Loc, Problem

calls = 0


class FakePlan:
    def __init__(self, program, requests=()):
        self.program = program
        self.requests = list(requests)

    def image_requests(self):
        return self.requests


def plan(program):
    return FakePlan(program)


def render(fake_plan, images):
    global calls
    calls += 1
    program = fake_plan.program
    if program.title == "render error":
        raise ContentError([Problem(Loc("content/p.yaml"), "sequences[0]", "too many movements")])
    if program.title == "crash":
        raise RuntimeError("boom")
    return RenderResult(files={"fake.txt": program.title.encode(), "fake2.txt": b"two"}, summary="fake 1 page")


TARGET = Target("fake", ("fake.txt", "fake2.txt"), "fake_target:plan", "fake_target:render")
