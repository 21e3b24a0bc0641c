"""Draw the starting-position illustrations for the Reverse Hip Pain program.

Run from the repository root:

    python scripts/draw_illustrations.py

It writes images/arch-and-flatten.png, arch-and-curl.png, side-bend.png,
washrag.png and cover.png. Pillow is the only dependency.

How it works
------------
Every figure is built by one skeleton helper (:class:`Body`) from a single table
of proportions, so all drawings share the same body. Positions are in 3-D, in
units of the figure's standing height: X along the floor, Y up from the floor,
Z toward the viewer. Arms and legs are placed with two-bone inverse kinematics
(give the hand or ankle, get a believable elbow or knee), so limb lengths never
change between drawings.

Each body part is a "sweep": a chain of spheres with tapering radii. Seen by an
orthographic camera a sphere is a circle of the same radius, so a part is drawn
as many overlapping circles: first all of a layer's circles a little larger in
the line colour, then all of them in the fill colour, which leaves one smooth
silhouette with a clean outline. Layers are painted from far to near; limbs on
the far side of the body use a quieter palette. Everything is drawn at 4x and
downsampled with LANCZOS.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "images"
SS = 4  # supersampling factor

TEAL = (47, 111, 106)  # #2f6f6a, the program's accent colour
WHITE = (255, 255, 255)


def mix(c, t):
    """Mix colour c toward white by t (0 = c, 1 = white)."""
    return tuple(round(a + (255 - a) * t) for a in c)


NEAR = dict(line=TEAL, fill=mix(TEAL, 0.80))
FAR = dict(line=mix(TEAL, 0.35), fill=mix(TEAL, 0.88))
MAT_TOP = mix(TEAL, 0.945)
MAT_EDGE = mix(TEAL, 0.86)
SOFT = mix(TEAL, 0.95)

# Proportions, as fractions of standing height.
L = dict(thigh=0.245, shin=0.245, upper_arm=0.180, forearm=0.150, hand=0.090, foot=0.135)
HIP_HALF = 0.085  # hip joint to the midline
SHOULDER_HALF = 0.105  # shoulder joint to the midline
SHOULDER_UP = 0.272  # from the hip line toward the head
TORSO_HALF = 0.048  # the trunk is two side-by-side sweeps, so it is wider than deep
# The trunk, from below the hips to the neck: (along the spine, toward the front, radius).
TORSO = [
    (-0.035, 0.000, 0.056),
    (0.000, 0.000, 0.068),
    (0.060, -0.004, 0.061),
    (0.115, -0.006, 0.059),
    (0.185, 0.000, 0.067),
    (0.240, 0.000, 0.066),
    (0.285, -0.006, 0.052),
]
NECK = [(0.275, -0.006, 0.036), (0.310, -0.008, 0.030), (0.360, -0.012, 0.029)]


# ---------------------------------------------------------------- vectors
def add(*vs):
    return tuple(sum(c) for c in zip(*vs))


def sub(a, b):
    return tuple(x - y for x, y in zip(a, b))


def mul(a, k):
    return tuple(x * k for x in a)


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a):
    n = math.sqrt(dot(a, a))
    return mul(a, 1 / n)


def lerp(a, b, t):
    return add(a, mul(sub(b, a), t))


def two_bone(root, target, l1, l2, bend):
    """The middle joint (knee or elbow) of a two-bone limb reaching from root to target.

    `bend` is the direction the joint should point. A target out of reach is pulled
    in along the same line, so bone lengths never change.
    """
    d = sub(target, root)
    dist = math.sqrt(dot(d, d))
    dist = min(max(dist, abs(l1 - l2) + 1e-6), l1 + l2 - 1e-6)
    axis = norm(d)
    end = add(root, mul(axis, dist))
    a = (l1 * l1 - l2 * l2 + dist * dist) / (2 * dist)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    side = norm(sub(bend, mul(axis, dot(bend, axis))))
    return add(root, mul(axis, a), mul(side, h)), end


def smooth(part, n=8):
    """Catmull-Rom through a sweep's centres and radii, so bends are round."""
    if len(part) < 3:
        return part
    pts = [p + (r,) for p, r in part]
    pts = [pts[0]] + pts + [pts[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1 : i + 3]
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            q = tuple(
                0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                for a, b, c, d in zip(p0, p1, p2, p3)
            )
            out.append((q[:3], q[3]))
    out.append(part[-1])
    return out


# ---------------------------------------------------------------- the body
class Body:
    """One figure. `pelvis` is the centre of the hips; `up` points from pelvis to
    head, `front` the way the chest faces. `left` is the person's left."""

    def __init__(self, pelvis, up, front):
        self.p = pelvis
        self.u = norm(up)
        self.f = norm(front)
        self.l = cross(self.u, self.f)
        self.parts = []  # (group, [(centre, radius), ...])

    def at(self, along, forward=0.0, left=0.0):
        """A point in the body's own frame."""
        return add(self.p, mul(self.u, along), mul(self.f, forward), mul(self.l, left))

    def sign(self, side):
        return 1 if side == "left" else -1

    def hip(self, side):
        return self.at(0, 0, self.sign(side) * HIP_HALF)

    def shoulder(self, side):
        return self.at(SHOULDER_UP, -0.008, self.sign(side) * SHOULDER_HALF)

    def sweep(self, group, pts, radii):
        self.parts.append((group, list(zip(pts, radii))))

    def trunk_and_head(self, nod=0.0):
        """The trunk, neck and head. `nod` tips the face toward the chest."""
        for s in (-1, 1):
            self.sweep("trunk", [self.at(a, f, s * TORSO_HALF) for a, f, _ in TORSO], [r for *_, r in TORSO])
        self.sweep("trunk", [self.at(a, f) for a, f, _ in NECK], [r for *_, r in NECK])
        n = nod
        skull = self.at(0.415, -0.010)
        self.sweep("trunk", [skull], [0.058])  # cranium
        self.sweep("trunk", [self.at(0.388, 0.004 - n), self.at(0.356, 0.008 - n)], [0.045, 0.030])  # face
        self.sweep("trunk", [self.at(0.352, 0.016 - 2 * n)], [0.020])  # chin
        self.sweep("trunk", [self.at(0.392, 0.052 - n)], [0.010])  # nose
        self.head = skull
        return skull

    def leg(self, side, ankle, bend, toes, top=None):
        """Place a leg with the ankle at `ankle`; the knee points along `bend`, the
        toes along `toes`, and `top` is the way the top of the foot faces (for a
        foot flat on the floor, up)."""
        hip = self.hip(side)
        knee, ankle = two_bone(hip, ankle, L["thigh"], L["shin"], bend)
        g = "leg-" + side
        self.sweep(g, [lerp(hip, knee, 0.1), knee], [0.056, 0.041])
        self.sweep(g, [knee, lerp(knee, ankle, 0.28), lerp(knee, ankle, 0.7), ankle], [0.041, 0.043, 0.031, 0.025])
        shin = norm(sub(ankle, knee))
        top = norm(top) if top else mul(shin, -1)
        fd = norm(sub(toes, mul(top, dot(toes, top))))

        def fp(a, b):
            return add(ankle, mul(fd, a), mul(top, b))

        self.sweep(g, [fp(0, 0), fp(0.05, -0.012), fp(0.098, -0.026), fp(0.128, -0.032)], [0.025, 0.021, 0.016, 0.011])
        self.sweep(g, [fp(-0.004, -0.027), fp(0.04, -0.030), fp(0.098, -0.030)], [0.021, 0.016, 0.014])
        return knee, ankle

    def arm(self, side, wrist, bend, fingers):
        """Place an arm with the wrist at `wrist`; the elbow points along `bend`."""
        sh = self.shoulder(side)
        elbow, wrist = two_bone(sh, wrist, L["upper_arm"], L["forearm"], bend)
        g = "arm-" + side
        self.sweep(g, [sh, lerp(sh, elbow, 0.4), elbow], [0.034, 0.031, 0.026])
        self.sweep(g, [elbow, lerp(elbow, wrist, 0.3), wrist], [0.026, 0.027, 0.019])
        tip = add(wrist, mul(norm(fingers), L["hand"]))
        self.sweep(g, [wrist, lerp(wrist, tip, 0.55), tip], [0.019, 0.020, 0.011])
        return elbow, wrist


# ---------------------------------------------------------------- camera and canvas
class View:
    """An orthographic camera raised `elevation` degrees above the floor."""

    def __init__(self, size, scale, elevation):
        self.w, self.h = size[0] * SS, size[1] * SS
        self.k = scale * SS
        self.ox = self.oy = 0.0
        e = math.radians(elevation)
        self.ce, self.se = math.cos(e), math.sin(e)
        self.img = Image.new("RGB", (self.w, self.h), WHITE)
        self.d = ImageDraw.Draw(self.img)

    def xy(self, p):
        x, y, z = p
        return self.ox + x * self.k, self.oy - (y * self.ce - z * self.se) * self.k

    def fit(self, body, cx, cy):
        """Move the camera so the body's outline is centred on (cx, cy) in output
        pixels; returns the body's extent along the floor, in body units."""
        self.ox = self.oy = 0.0
        boxes = [(x - r, y - r, x + r, y + r) for _, part in body.parts for (x, y), r in self.stamp(part)]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        self.ox = cx * SS - (x0 + x1) / 2
        self.oy = cy * SS - (y0 + y1) / 2
        return x0 / self.k, x1 / self.k

    def depth(self, p):
        return p[2] * self.ce + p[1] * self.se

    def poly(self, pts, fill):
        self.d.polygon([self.xy(p) for p in pts], fill=fill)

    def circles(self, circles, colour, grow=0.0):
        for (x, y), r in circles:
            r = r + grow
            self.d.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def stamp(self, part):
        """Turn one sweep into screen circles, close enough together to look smooth."""
        part = smooth(part)
        out = []
        for (a, ra), (b, rb) in zip(part, part[1:]):
            pa, pb = self.xy(a), self.xy(b)
            n = max(1, int(math.dist(pa, pb) / max(1.5, 0.05 * min(ra, rb) * self.k)))
            for i in range(n):
                t = i / n
                out.append(((pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t), (ra + (rb - ra) * t) * self.k))
        c, r = part[-1]
        out.append((self.xy(c), r * self.k))
        return out

    def body(self, body, stroke=5.5):
        """Paint a body: far limbs, then the trunk with the near legs, then near arms."""
        groups = {}
        for g, part in body.parts:
            groups.setdefault(g, []).append(part)

        def depth(g):
            pts = [c for part in groups[g] for c, _ in part]
            return sum(self.depth(p) for p in pts) / len(pts)

        trunk = depth("trunk")
        layers = []
        for g in groups:
            if g == "trunk":
                continue
            near = depth(g) > trunk
            if g.startswith("leg") and near:
                layers.append((trunk, "trunk-with-" + g, groups[g], NEAR))
            else:
                layers.append((depth(g), g, groups[g], NEAR if near else FAR))
        layers.append((trunk, "trunk", groups["trunk"], NEAR))
        merged = {}
        for d, name, parts, style in layers:
            key = "trunk" if name.startswith("trunk") else name
            if key in merged:
                merged[key][2].extend(parts)
            else:
                merged[key] = [d, key, list(parts), style]
        sw = stroke * SS
        for d, name, parts, style in sorted(merged.values(), key=lambda m: m[0]):
            circles = [c for part in parts for c in self.stamp(part)]
            self.circles(circles, style["line"], sw)
            self.circles(circles, style["fill"])

    def save(self, name):
        out = self.img.resize((self.w // SS, self.h // SS), Image.LANCZOS)
        OUT.mkdir(exist_ok=True)
        out.save(OUT / name, optimize=True)
        print("wrote", OUT / name, out.size)


def mat_side(view, x0, x1, half_width=0.26, thick=0.012):
    """A floor mat seen from a raised camera: a top face and a thin front edge."""
    (ax, ay), (bx, by) = view.xy((x0, 0, -half_width)), view.xy((x1, 0, half_width))
    edge = view.xy((x1, -thick, half_width))[1]
    r = 0.018 * view.k
    view.d.rounded_rectangle((ax, ay, bx, edge), radius=r, fill=MAT_EDGE)
    view.d.rounded_rectangle((ax, ay, bx, by), radius=r, fill=MAT_TOP)


# ---------------------------------------------------------------- poses
UP = (0, 1, 0)
HEAD_LEFT = (-1, 0, 0)
TOWARD = (0, 0, 1)


def on_back():
    """Lying on the back, head to the left, knees bent to about 90 degrees, feet flat."""
    b = Body((0.0, 0.068, 0), HEAD_LEFT, UP)
    b.trunk_and_head()
    for side in ("left", "right"):
        hip = b.hip(side)
        # Hip and ankle 0.35 apart makes a right angle at the knee for equal thigh and shin.
        ankle = (hip[0] + 0.342, 0.046, hip[2] * 1.1)
        b.leg(side, ankle, UP, (1, 0, 0), top=UP)
    return b


def arms_by_sides(b):
    for side in ("left", "right"):
        sh = b.shoulder(side)
        wrist = (sh[0] + 0.31, 0.024, sh[2] * 1.25)
        b.arm(side, wrist, (0.3, 0.2, sh[2]), (1, -0.15, 0))


def arms_behind_head(b):
    for side in ("left", "right"):
        s = 1 if side == "left" else -1
        # Fingers laced under the back of the skull; elbows open out and a little up.
        wrist = add(b.head, (0.018, -0.040, -s * 0.050))
        b.arm(side, wrist, (0.1, 0.35, -s * 1.0), (0.1, -0.2, s * 1.0))


def arms_goalpost(b):
    for side in ("left", "right"):
        s = 1 if side == "left" else -1
        sh = b.shoulder(side)
        # Upper arm out to the side on the floor, forearm pointing past the head.
        wrist = (sh[0] - 0.16, 0.026, sh[2] - s * 0.15)
        b.arm(side, wrist, (0.05, -0.2, -s * 1.0), (-1, 0, 0))


def arms_on_belly(b):
    """Resting: both hands lie softly on the belly, elbows on the floor."""
    far = b.at(0.125, 0.060, 0.005)
    b.arm("left", far, (0.3, -0.6, -1.0), (0.3, 0.0, 1.0))
    near = b.at(0.085, 0.052, -0.080)
    b.arm("right", near, (0.3, -0.6, 1.0), (0.3, 0.1, -1.0))


def side_lying():
    """Lying on the right side, seen from above: head to the left, face toward the
    bottom of the picture, knees stacked and bent at right angles, head on the
    lower arm, top hand on the waist."""
    front = TOWARD  # the person faces the bottom of the picture
    b = Body((0.0, 0.125, 0.0), HEAD_LEFT, front)  # the person's left side is up
    b.trunk_and_head(nod=0.01)
    for side, nudge in (("right", 0.018), ("left", 0.0)):
        hip = b.hip(side)
        # Thighs at a right angle to the trunk, shins back parallel to it.
        knee = (hip[0] + 0.01 + nudge * 0.4, hip[1], hip[2] + L["thigh"] + nudge)
        ankle = (knee[0] + L["shin"] - 0.02, hip[1] + 0.005, knee[2] - 0.02)
        b.leg(side, ankle, (-0.2, 0, 1), (0.1, 0, 1))
    # Lower arm: along the floor above the head, a pillow for the head.
    sh = b.shoulder("right")
    b.arm("right", (sh[0] - 0.31, 0.03, sh[2] + 0.03), (0, -0.2, -1), (-1, 0, 0.08))
    # Top arm: hand resting on the waist, elbow pointing back.
    wrist = b.at(0.140, -0.040, 0.105)
    b.arm("left", wrist, (0.5, 1.0, -0.35), (0.8, 0, 0.6))
    return b


# ---------------------------------------------------------------- pictures
SIZE = (1600, 1000)
SCALE = 1330  # pixels per standing height at output size
LOW = 28  # camera elevation for the lying-on-the-back drawings, degrees


def back_picture(name, arms):
    v = View(SIZE, SCALE, LOW)
    b = on_back()
    arms(b)
    x0, x1 = v.fit(b, 800, 470)
    mat_side(v, x0 - 0.05, x1 + 0.05)
    v.body(b)
    v.save(name)


def side_bend_picture():
    v = View(SIZE, SCALE, 90)
    b = side_lying()
    x0, x1 = v.fit(b, 800, 500)
    # The mat, seen from above.
    a, c = v.xy((x0 - 0.05, 0, -0.14)), v.xy((x1 + 0.05, 0, 0.40))
    v.d.rounded_rectangle((a[0], a[1], c[0], c[1]), radius=0.018 * v.k, fill=MAT_TOP)
    v.body(b)
    v.save("side-bend.png")


def cover_picture():
    size = (1600, 1200)
    v = View(size, 1250, LOW)
    b = on_back()
    arms_on_belly(b)
    # A large soft circle behind the figure, like a low sun.
    cx, cy = 800 * SS, 560 * SS
    for radius, blur, colour in ((440, 20, SOFT), (300, 14, mix(TEAL, 0.86))):
        r = radius * SS
        m = Image.new("L", (v.w, v.h), 0)
        ImageDraw.Draw(m).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        m = m.filter(ImageFilter.GaussianBlur(blur * SS))
        v.img.paste(Image.new("RGB", (v.w, v.h), colour), mask=m)
    v.d = ImageDraw.Draw(v.img)
    x0, x1 = v.fit(b, 800, 800)
    mat_side(v, x0 - 0.06, x1 + 0.06)
    v.body(b)
    v.save("cover.png")


def main():
    back_picture("arch-and-flatten.png", arms_by_sides)
    back_picture("arch-and-curl.png", arms_behind_head)
    back_picture("washrag.png", arms_goalpost)
    side_bend_picture()
    cover_picture()


if __name__ == "__main__":
    main()
