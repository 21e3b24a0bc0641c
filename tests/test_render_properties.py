"""Property test of the PDF renderers: any VALID program (as model objects, as the loader would
make them) gives a booklet and a handout, or a ContentError, never another exception.

The programs are random in every dimension the content format allows: 1-40 movements, 0-12
sequences of 1-30 movements, 1-60 steps in parts, text from 1 to 3000 characters (long
unbroken words, Greek, Cyrillic, markup-like characters, Markdown), every page size, large
print, 0-366 log days, with and without pictures of every kind, URLs up to 500 characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build.targets import TARGETS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageOps

import factory
from builder.render.pdf import booklet, handout
from builder.errors import ContentError
from builder.images.stage import ImageStage
from builder.model import (BOOKLET_PAGE_SIZES, HANDOUT_PAGE_SIZES, BookletOptions, Caution, Contact,
                           HandoutOptions, Image, Movement, Part, Program, Section, Sequence, Step, Theme)

SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

PIECES = [
    "Slowly let the knee drift toward the floor. ",
    "x",  # one long unbroken word
    factory.GREEK + " ",
    factory.CYRILLIC + " ",
    "<b>&{}% <i>not</i> &amp; ",
    "**bold** and *italic* ",
    "- a point in a list\n",
    "A paragraph.\n\n",
    "Supercalifragilisticexpialidocious-and-even-longer-hyphenated-words ",
]


def _cut(piece: str, n: int) -> str:
    s = (piece * (n // len(piece) + 1))[:n].strip()
    return s or "x"


def texts(max_len: int = 3000):
    """Text of 1 .. max_len characters, mostly short."""
    lengths = st.one_of(st.integers(1, 60), st.integers(1, 400), st.integers(1, max_len))
    return st.builds(_cut, st.sampled_from(PIECES), lengths)


def opt(strategy):
    return st.one_of(st.none(), strategy)


def urls():
    return st.builds(lambda n: "https://example.org/" + "v" * n, st.integers(0, 480))


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    """The factory's image kinds, as model images with their upright size."""
    folder = tmp_path_factory.mktemp("images")
    out = []
    for name in factory.write_image_kinds(folder).values():
        path = folder / name
        with PILImage.open(path) as im:
            w, h = ImageOps.exif_transpose(im).size
        out.append(Image(path=path, name=name, alt=name, caption=None, width_px=w, height_px=h))
    return out


@pytest.fixture(scope="module")
def stage(tmp_path_factory):
    return ImageStage(tmp_path_factory.mktemp("cache"))


@st.composite
def programs(draw, pictures):
    def picture():
        img = draw(st.sampled_from(pictures))
        cap = draw(opt(texts(300)))
        return Image(path=img.path, name=img.name, alt=img.alt, caption=cap, width_px=img.width_px,
                     height_px=img.height_px)

    with_pictures = draw(st.booleans())
    cautions = tuple(Caution(text=draw(texts()), level=draw(st.sampled_from(["info", "caution", "stop"])),
                             title=draw(opt(texts(80))), id=f"c{i}")
                     for i in range(draw(st.integers(0, 4))))
    n_movements = draw(st.integers(1, 40))
    movements = []
    for i in range(n_movements):
        n_steps = draw(st.integers(1, 60)) if i == 0 else draw(st.integers(1, 6))
        steps = [Step(draw(texts(400 if i else 3000)), draw(opt(st.sampled_from(["in", "out", "hold"]))))
                 for _ in range(n_steps)]
        n_parts = draw(st.integers(0, min(3, n_steps)))
        parts = tuple(Part(name=draw(texts(60)), steps=tuple(steps[k::n_parts + 1]), repeat=draw(opt(texts(60))))
                      for k in range(n_parts))
        plain = tuple(steps[n_parts::n_parts + 1]) if n_parts else tuple(steps)
        n_img = draw(st.integers(0, 4)) if with_pictures else 0
        movements.append(Movement(
            id=f"m{i}", name=draw(texts(200 if i else 3000)), summary=draw(opt(texts())),
            why=draw(opt(texts())), targets=tuple(draw(st.lists(texts(30), max_size=3))),
            position=draw(opt(texts())), images=tuple(picture() for _ in range(n_img)),
            parts=parts, steps=plain, repeat=draw(opt(texts(200))),
            sides=draw(st.sampled_from(["both", "left", "right", "none"])),
            afterwards=draw(opt(texts())),
            cautions=tuple(draw(st.lists(st.sampled_from(cautions), max_size=2))) if cautions else (),
            video=draw(opt(urls())), duration=draw(opt(st.sampled_from(["4 min", "90 s", "about ten minutes"]))),
            duration_minutes=draw(opt(st.floats(0.5, 30))),
        ))
    sequences = []
    for k in range(draw(st.integers(0, 12))):
        members = draw(st.lists(st.sampled_from(movements), min_size=1, max_size=30))
        sequences.append(Sequence(id=f"s{k}", name=draw(texts(200 if k else 3000)), movements=tuple(members),
                                  how_often=draw(opt(texts(200))), opening=draw(opt(texts())),
                                  closing=draw(opt(texts()))))
    contact = Contact(email=draw(opt(texts(100))), phone=draw(opt(texts(40))), website=draw(opt(urls())),
                      address=draw(opt(st.one_of(texts(), st.builds("\n".join, st.lists(texts(60), max_size=40))))))
    intro = tuple(Section(heading=draw(texts(200)), text=draw(opt(texts())),
                          image=picture() if with_pictures and draw(st.booleans()) else None)
                  for _ in range(draw(st.integers(0, 2))))
    return Program(
        name="p", source=Path("/nonexistent/content/p.yaml"), workspace=Path("/nonexistent"),
        title=draw(texts()), subtitle=draw(opt(texts())), author=draw(opt(texts())),
        organisation=draw(opt(texts())), contact=contact, edition=draw(opt(texts(200))),
        cover_image=picture() if with_pictures and draw(st.booleans()) else None,
        disclaimer=draw(opt(texts())), intro=intro, cautions=cautions, movements=tuple(movements),
        sequences=tuple(sequences),
        booklet=BookletOptions(page_size=draw(st.sampled_from(BOOKLET_PAGE_SIZES)),
                               practice_log_days=draw(st.one_of(st.integers(0, 30), st.integers(0, 366))),
                               large_print=draw(st.booleans())),
        handout=HandoutOptions(page_size=draw(st.sampled_from(HANDOUT_PAGE_SIZES))),
        theme=Theme(accent=draw(st.sampled_from(["#2f6f6a", "#8a3b12", "#000000", "#ffffff"]))),
    )


def _render_or_content_error(target, program, stage):
    try:
        plan = target.plan(program)
        result = target.render(plan, stage.prepare(plan.image_requests()))
    except ContentError:
        return None
    assert all(isinstance(v, bytes) and v.startswith(b"%PDF") for v in result.files.values())
    return result


def test_any_valid_program_renders_or_is_a_content_error(pictures, stage):
    @SETTINGS
    @given(programs(pictures))
    def check(program):
        _render_or_content_error(TARGETS["booklet"], program, stage)
        _render_or_content_error(TARGETS["handout"], program, stage)

    check()


def test_renderers_draw_qr_codes_from_the_plan_without_encoding_them(tmp_path, monkeypatch):
    """A QR code's modules are worked out when it is planned and travel with the plan (and the
    units kept between builds), so drawing the booklet, deck and handouts encodes no code; the
    drawn codes are those modules."""
    import segno

    from builder.layout import qr
    from builder.source.loader import Loader, Workspace

    path = factory.copy_default_workspace(tmp_path / "ws")
    loader = Loader(Workspace(tmp_path / "ws"))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    plans = {name: TARGETS[name].plan(program) for name in ("booklet", "deck", "handout")}
    images = ImageStage(tmp_path / "cache").prepare([r for p in plans.values() for r in p.image_requests()])
    video = next(m.video for m in program.movements if m.video)
    assert qr.matrix(video).size == len(list(segno.make(video, error="m", micro=False).matrix_iter(border=0)))

    def refuse(*args, **kwargs):
        raise AssertionError("a renderer encoded a QR code")

    monkeypatch.setattr(segno, "make", refuse)
    for name, plan in plans.items():
        assert TARGETS[name].render(plan, images).files
