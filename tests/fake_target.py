"""A tiny output target for build tests: writes the program title, or fails on request."""

from builder.targets import RenderResult
from builder.errors import ContentError, Loc, Problem


class _Fake:
    name = "fake"
    files = ("fake.txt", "fake2.txt")
    calls = 0

    def image_requests(self, program):
        return []

    def render(self, program, images):
        type(self).calls += 1
        if program.title == "render error":
            raise ContentError([Problem(Loc("content/p.yaml"), "sequences[0]", "too many movements")])
        if program.title == "crash":
            raise RuntimeError("boom")
        return RenderResult(files={"fake.txt": program.title.encode(), "fake2.txt": b"two"}, summary="fake 1 page")


TARGET = _Fake()
