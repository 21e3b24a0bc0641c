"""Workspaces for the handout tests: routines of any length, with cues or with steps."""

from __future__ import annotations

from pathlib import Path

import factory

NAMES = ["Arch and Flatten", "Arch and Curl", "Side Bend", "Washrag", "Hip Hike", "Knee Drop", "Pelvic Clock",
         "Back Lift", "Cat and Cow", "Child's Pose", "Low Lunge", "Bridge"]
SUMMARIES = [
    "Teaches your belly muscles to release, so the front of your trunk stops holding your hips tight.",
    "Helps the muscles of your lower back let go, easing their pull on your hips.",
    "Teaches your waist muscles to relax and lengthen, so both sides of your waist bend equally.",
    "A gentle whole-body twist that softens your back, waist, belly and hips.",
]
CUES = [
    ["Knees stacked, head resting on your arm", "Breathe out, lift head and foot together", "Lower slowly as you breathe in"],
    ["Feet flat, knees hip-width apart", "Arch gently, then flatten", "Move half as far as you could"],
    ["Hands under your shoulders", "Breathe out and round your back", "Breathe in and let your belly soften"],
    ["Let the knees drift to one side", "Turn your head the other way", "Come back through the middle"],
]
STEPS = [
    "Lie on your back with your knees bent and your feet flat on the floor, hip-width apart.",
    "Breathe in and slowly arch your lower back, letting your belly rise.",
    "Breathe out and slowly flatten your lower back toward the floor, drawing your belly in.",
    "Release slowly back to neutral and rest before the next one.",
    "Notice how your back, pelvis and legs rest on the floor now.",
]


def program(n: int, *, cues: bool, page_size: str = "A4", steps: int = 4, large_print: bool = False,
            sequences: int = 1, name: str = "Full-body stretch", website: bool = False) -> str:
    """A program whose routine holds ``n`` movements, each with a picture, a summary, a dose and
    either cues or ``steps`` steps."""
    kinds = ["photo.jpg", "wide.png", "tall.jpg"]
    lines = [
        "title: Yoga for Stiff Backs",
        "author: Jane Doe, Yoga Teacher",
        "organisation: The Quiet Studio",
        "contact:",
        "  email: hello@example.org",
        "  phone: 01234 567890",
    ]
    if website:
        lines.append("  website: https://example.org/stiff-backs")
    lines += [
        "cautions:",
        "  - {title: Go gently, text: Do every movement slowly and gently; effort is not the goal.}",
        "  - {title: Stop if it hurts, text: Stop at once if a movement causes sharp pain or dizziness., level: stop}",
        "  - {title: Rest, text: Rest between movements and notice how you feel., level: info}",
        "movements:",
    ]
    for i in range(n):
        lines += [
            f"  - id: m{i + 1}",
            f"    name: {NAMES[i % len(NAMES)]} {i // len(NAMES) + 1}",
            f"    summary: {SUMMARIES[i % len(SUMMARIES)]}",
            f"    image: {kinds[i % len(kinds)]}",
            "    steps:",
        ] + [f"      - {STEPS[k % len(STEPS)]}" for k in range(steps)]
        if cues:
            lines += ["    cues:"] + [f"      - {c}" for c in CUES[i % len(CUES)]]
        lines += [
            "    repeat: 5 times, slowly",
            f"    sides: {'both' if i % 2 else 'none'}",
            f"    video: https://example.org/videos/m{i + 1}",
            "    duration: 2 min",
        ]
    lines.append("sequences:")
    for s in range(sequences):
        lines += [
            f"  - id: seq-{s}",
            f"    name: {name if s == 0 else f'{name} {s + 1}'}",
            f"    movements: [{', '.join(f'm{i + 1}' for i in range(n))}]",
            "    how_often: Three times a week",
            "    opening: Lie on your back for a minute and notice how your back meets the floor.",
            "    closing: Lie quietly for a minute and notice how you feel.",
        ]
    lines += ["booklet:", f"  large_print: {'true' if large_print else 'false'}", "handout:", f"  page_size: {page_size}"]
    return "\n".join(lines) + "\n"


def write_images(folder: Path) -> None:
    """A landscape photo, a wide PNG and a portrait photo, with pixels enough for print."""
    folder.mkdir(parents=True, exist_ok=True)
    factory._photo(1500, 1000, 1).save(folder / "photo.jpg", quality=85)
    factory._photo(1600, 900, 2).save(folder / "wide.png")
    factory._photo(900, 1200, 3).save(folder / "tall.jpg", quality=85)


def workspace(root: Path, n: int, **kw) -> Path:
    """A workspace holding :func:`program`; returns the program file."""
    write_images(root / "images")
    (root / "content").mkdir(parents=True, exist_ok=True)
    path = root / "content" / "routine.yaml"
    path.write_text(program(n, **kw), encoding="utf-8")
    return path
