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
the far side of the body use a quieter palette. A picture can give its own
layer order where depth alone would be ambiguous (hands laced behind the head,
stacked knees). Everything is drawn at 4x and downsampled with LANCZOS.

The lying-on-the-back pictures share one camera, raised enough that arms lying
out on the floor read clearly; the side-lying picture is seen from in front of
the person, so the bent knees come toward the viewer. Tints are flat (the
builder quantises them to 256 colours).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "images"
SS = 4  # supersampling factor

TEAL = (47, 111, 106)  # #2f6f6a, the program's accent colour
WHITE = (255, 255, 255)


def mix(c, t):
    """Mix colour c toward white by t (0 = c, 1 = white)."""
    return tuple(round(a + (255 - a) * t) for a in c)


NEAR = dict(line=TEAL, fill=mix(TEAL, 0.80))
FAR = dict(line=mix(TEAL, 0.35), fill=mix(TEAL, 0.88))
# The builder quantises line art to 256 colours with a coarse octree: a tint with
# every channel at 240 or more shares white's bucket, pulls the background grey and
# leaves a visible box around the picture on the page. Keep tints below that.
MAT_TOP = mix(TEAL, 0.925)
MAT_EDGE = mix(TEAL, 0.86)
SOFT = mix(TEAL, 0.905)

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
NECK = [(0.255, -0.010, 0.056), (0.292, -0.002, 0.042), (0.322, 0.004, 0.034), (0.362, 0.000, 0.032)]


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

    def trunk_and_head(self, face_on=False):
        """The trunk, neck and head: a calm profile, or with `face_on` a plain egg
        for a head seen from the front.

        The head is its own group ("head") so a picture can paint it in its own
        layer; by default it is painted with the trunk."""
        for s in (-1, 1):
            self.sweep("trunk", [self.at(a, f, s * TORSO_HALF) for a, f, _ in TORSO], [r for *_, r in TORSO])
        # Across the seat, so the hips end in one round line rather than two bumps.
        self.sweep("trunk", [self.at(-0.028, 0.0, TORSO_HALF), self.at(-0.028, 0.0, -TORSO_HALF)], [0.060, 0.060])
        # The neck flares into the shoulders (trapezius) so it joins them without a step.
        self.sweep("trunk", [self.at(a, f) for a, f, _ in NECK], [r for *_, r in NECK])
        return self.neck_and_head(face_on)

    def neck_and_head(self, face_on=False):
        """The top of the neck and the head (see :meth:`trunk_and_head`)."""
        skull = self.at(0.432, -0.012)
        h = "head"
        self.sweep("trunk", [self.at(0.374, -0.010), self.at(0.400, -0.011)], [0.034, 0.045])  # neck into skull
        self.sweep(h, [skull], [0.057])  # cranium
        self.head = skull
        if face_on:  # cranium and jaw
            self.sweep(h, [self.at(0.417, 0.020), self.at(0.384, 0.022), self.at(0.362, 0.020)], [0.050, 0.042, 0.030])
            return skull
        # One smooth profile line: forehead, a small nose, lips, chin, under the jaw.
        face = [
            (0.446, 0.006, 0.044),
            (0.428, 0.026, 0.036),
            (0.413, 0.058, 0.011),
            (0.402, 0.042, 0.018),
            (0.388, 0.032, 0.024),
            (0.374, 0.030, 0.021),
            (0.358, 0.008, 0.024),
        ]
        self.sweep(h, [self.at(a, f) for a, f, _ in face], [r for *_, r in face])
        self.sweep(h, [self.at(0.430, -0.004), self.at(0.385, -0.002)], [0.050, 0.040])  # cheek and jaw
        return skull

    def leg(self, side, ankle, bend, toes, top=None, root=0.0):
        """Place a leg with the ankle at `ankle`; the knee points along `bend`, the
        toes along `toes`, and `top` is the way the top of the foot faces (for a
        foot flat on the floor, up). `root` starts the thigh that far toward the knee,
        for a leg painted over the trunk."""
        hip = self.hip(side)
        knee, ankle = two_bone(hip, ankle, L["thigh"], L["shin"], bend)
        g = "leg-" + side
        thigh = [(0.1, 0.056), (1.0, 0.041)] if root == 0 else [(root, 0.050), (root + 0.2, 0.054), (1.0, 0.041)]
        self.sweep(g, [lerp(hip, knee, t) for t, _ in thigh], [r for _, r in thigh])
        self.sweep(g, [knee, lerp(knee, ankle, 0.28), lerp(knee, ankle, 0.7), ankle], [0.041, 0.043, 0.031, 0.025])
        shin = norm(sub(ankle, knee))
        top = norm(top) if top else mul(shin, -1)
        fd = norm(sub(toes, mul(top, dot(toes, top))))

        def fp(a, b):
            return add(ankle, mul(fd, a), mul(top, b))

        self.sweep(g, [fp(0, 0), fp(0.05, -0.012), fp(0.098, -0.026), fp(0.128, -0.032)], [0.025, 0.021, 0.016, 0.011])
        self.sweep(g, [fp(-0.004, -0.027), fp(0.04, -0.030), fp(0.098, -0.030)], [0.021, 0.016, 0.014])
        return knee, ankle

    def arm(self, side, wrist, bend, fingers, hand_group=None):
        """Place an arm with the wrist at `wrist`; the elbow points along `bend`.
        `hand_group` puts the hand in a group of its own (to hide it behind the head)."""
        sh = self.shoulder(side)
        elbow, wrist = two_bone(sh, wrist, L["upper_arm"], L["forearm"], bend)
        g = "arm-" + side
        self.sweep(g, [sh, lerp(sh, elbow, 0.4), elbow], [0.034, 0.031, 0.026])
        self.sweep(g, [elbow, lerp(elbow, wrist, 0.3), wrist], [0.026, 0.027, 0.019])
        tip = add(wrist, mul(norm(fingers), L["hand"]))
        self.sweep(hand_group or g, [wrist, lerp(wrist, tip, 0.55), tip], [0.019, 0.020, 0.011])
        return elbow, wrist


# ---------------------------------------------------------------- camera and canvas
class View:
    """An orthographic camera raised `elevation` degrees above the floor and turned
    `azimuth` degrees about the vertical (positive: toward +X)."""

    def __init__(self, size, scale, elevation, azimuth=0.0):
        self.w, self.h = size[0] * SS, size[1] * SS
        self.k = scale * SS
        self.ox = self.oy = 0.0
        e = math.radians(elevation)
        self.ce, self.se = math.cos(e), math.sin(e)
        a = math.radians(azimuth)
        self.ca, self.sa = math.cos(a), math.sin(a)
        self.img = Image.new("RGB", (self.w, self.h), WHITE)
        self.d = ImageDraw.Draw(self.img)

    def turn(self, p):
        x, y, z = p
        return x * self.ca - z * self.sa, y, x * self.sa + z * self.ca

    def xy(self, p):
        x, y, z = self.turn(p)
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
        _, y, z = self.turn(p)
        return z * self.ce + y * self.se

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

    def body(self, body, order=None, stroke=5.5):
        """Paint a body: far limbs, then the trunk with the near legs, then near arms.

        `order` overrides that: a list, back to front, of (group names, style); the
        groups in one entry are painted as one silhouette."""
        groups = {}
        for g, part in body.parts:
            groups.setdefault(g, []).append(part)
        if order is not None:
            assert sorted(g for names, _ in order for g in names) == sorted(groups), sorted(groups)
            layers = [([p for g in names for p in groups[g]], style) for names, style in order]
        else:
            groups["trunk"] = groups["trunk"] + groups.pop("head", [])
            layers = self.auto_layers(groups)
        sw = stroke * SS
        for parts, style in layers:
            circles = [c for part in parts for c in self.stamp(part)]
            self.circles(circles, style["line"], sw)
            self.circles(circles, style["fill"])

    def auto_layers(self, groups):
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
        return [(parts, style) for d, name, parts, style in sorted(merged.values(), key=lambda m: m[0])]

    def save(self, name):
        out = self.img.resize((self.w // SS, self.h // SS), Image.LANCZOS)
        OUT.mkdir(exist_ok=True)
        out.save(OUT / name, optimize=True)
        print("wrote", OUT / name, out.size)


def mat_side(view, x0, x1, half_width=0.26, thick=0.012, z0=None, z1=None):
    """A floor mat seen from a raised camera (not turned): a top face and a thin
    front edge. It spans x0..x1 along the floor and z0..z1 (default ±half_width)."""
    z0 = -half_width if z0 is None else z0
    z1 = half_width if z1 is None else z1
    (ax, ay), (bx, by) = view.xy((x0, 0, z0)), view.xy((x1, 0, z1))
    edge = view.xy((x1, -thick, z1))[1]
    r = 0.018 * view.k
    view.d.rounded_rectangle((ax, ay, bx, edge), radius=r, fill=MAT_EDGE)
    view.d.rounded_rectangle((ax, ay, bx, by), radius=r, fill=MAT_TOP)


def mat_turned(view, x0, x1, z0, z1, thick=0.012):
    """A floor mat seen by a turned camera: a top face and its thin near edges."""
    corners = [(x0, 0, z0), (x1, 0, z0), (x1, 0, z1), (x0, 0, z1)]
    view.poly([(x, -thick, z) for x, _, z in corners], MAT_EDGE)
    view.poly(corners, MAT_TOP)


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
        # The knees lean in a touch, as relaxed knees do.
        b.leg(side, ankle, (0, 1, -0.5 * hip[2]), (1, 0, 0), top=UP)
    return b


def arms_by_sides(b):
    for side in ("left", "right"):
        sh = b.shoulder(side)
        wrist = (sh[0] + 0.31, 0.024, sh[2] * 1.25)
        b.arm(side, wrist, (0.3, 0.2, sh[2]), (1, -0.15, 0))


def arms_behind_head(b):
    """Fingers laced under the back of the skull, elbows open out to the sides. The
    hands are their own groups, so the head can be painted over them."""
    for side in ("left", "right"):
        s = 1 if side == "left" else -1
        wrist = add(b.head, (CURL_WRIST[0], CURL_WRIST[1], -s * CURL_WRIST[2]))
        b.arm(side, wrist, (CURL_BEND[0], CURL_BEND[1], -s * 1.0), (0.1, -0.2, s * 1.0), hand_group="hand-" + side)


CURL_WRIST = (0.004, -0.046, 0.046)
CURL_BEND = (0.15, 0.1)
CURL_ORDER = [
    (["arm-left", "hand-left"], FAR),
    (["leg-left"], FAR),
    (["hand-right"], NEAR),
    (["trunk", "head", "leg-right"], NEAR),
    (["arm-right"], NEAR),
]


def arms_goalpost(b):
    for side in ("left", "right"):
        s = 1 if side == "left" else -1
        sh = b.shoulder(side)
        # Upper arm out to the side on the floor, forearm pointing past the head.
        wrist = (sh[0] - 0.16, 0.026, sh[2] - s * 0.15)
        b.arm(side, wrist, (0.05, -0.2, -s * 1.0), (-1, 0, 0))


def arms_on_belly(b):
    """Resting: both hands lie softly on the belly, elbows on the floor by the waist."""
    far = b.at(0.150, 0.070, 0.030)
    b.arm("left", far, (0.4, -0.6, -1.0), (-0.15, -0.1, 1.0))
    near = b.at(0.105, 0.052, -0.072)
    b.arm("right", near, (0.4, -0.6, 1.0), (-0.15, -0.1, -1.0))


# The side-lying trunk is seen from in front, so its width shows: (along the spine,
# toward the front, half-width from the midline, radius). The depth is TORSO's; the
# width narrows to a waist, so the top flank reads as shoulder, waist and hip, and
# tapers at the top into a slope from the neck to the top shoulder.
SIDE_TORSO = [
    (0.015, 0.000, 0.036, 0.060),
    (0.060, -0.004, 0.030, 0.061),
    (0.115, -0.006, 0.016, 0.058),
    (0.180, 0.000, 0.034, 0.066),
    (0.235, 0.000, 0.040, 0.064),
    (0.275, -0.006, 0.030, 0.052),
    (0.300, -0.008, 0.012, 0.044),
]
SIDE_WAIST_LOW = 0.030  # the lower flank rests on the mat, so its waist dips less
# Across the seat (along, forward, left, radius); it stays behind the top thigh.
SIDE_SEAT = [(0.012, -0.006, 0.050, 0.050), (0.012, -0.004, 0.0, 0.056), (0.012, 0.0, -0.050, 0.050)]
SIDE_NECK = [(0.280, -0.008, 0.044), (0.310, -0.004, 0.038), (0.340, 0.002, 0.034), (0.362, 0.000, 0.032)]


def side_lying():
    """Lying on the right side, facing the camera: head to the left, resting on the
    lower arm stretched along the floor above it; hips and knees bent to right
    angles, so the stacked knees come toward the viewer; top hand on the waist."""
    b = Body((0.0, 0.118, 0.0), HEAD_LEFT, TOWARD)  # the person's left side is up
    for s in (-1, 1):
        pts = [b.at(a, f, s * (w if s > 0 else max(w, SIDE_WAIST_LOW))) for a, f, w, _ in SIDE_TORSO]
        b.sweep("trunk", pts, [r for *_, r in SIDE_TORSO])
    b.sweep("trunk", [b.at(a, f, l) for a, f, l, _ in SIDE_SEAT], [r for *_, r in SIDE_SEAT])
    b.sweep("trunk", [b.at(a, f) for a, f, _ in SIDE_NECK], [r for *_, r in SIDE_NECK])
    b.neck_and_head(face_on=True)
    # Knees and ankles stacked: the lower ones rest on the floor, the upper ones on
    # them. The lower knee sits a little toward the head, so it shows only in front
    # of the top thigh, never as a sliver behind it. Feet relaxed, toes pointing.
    for side, knee_y, ankle_y, dx in (("right", 0.042, 0.027, -0.008), ("left", 0.124, 0.079, 0.012)):
        hip = b.hip(side)
        dy = hip[1] - knee_y
        knee = (hip[0] + dx, knee_y, hip[2] + math.sqrt(L["thigh"] ** 2 - dy * dy))
        dy = knee_y - ankle_y
        ankle = (knee[0] + math.sqrt(L["shin"] ** 2 - dy * dy), ankle_y, knee[2] - 0.004)
        b.leg(side, ankle, sub(knee, hip), (0.5, 0, 1), top=(-1, 0, 0.5))
    # Lower arm: along the floor above the head, a pillow for it.
    sh = b.shoulder("right")
    b.arm("right", (sh[0] - 0.315, 0.024, sh[2] + 0.004), (0, 0.05, 1), (-1, -0.05, 0.05))
    # Top arm: hand on the waist, between ribs and hip bone; the elbow points up
    # and a little toward the feet, so the arm makes a low triangle over the flank.
    wrist = b.at(0.125, 0.020, 0.095)
    b.arm("left", wrist, ARM_BEND, (0.5, -0.5, 1.0))
    return b


# ---------------------------------------------------------------- pictures
SIZE = (1600, 1000)
SCALE = 1330  # pixels per standing height at output size
LOW = 38  # camera elevation for the lying-on-the-back drawings, degrees
SIDE_ELEVATION = 38  # the side-lying drawing
SIDE_AZIMUTH = 0
ARM_BEND = (0.8, 1.0, 0.55)  # the top elbow in the side-lying drawing


def back_picture(name, arms, order=None):
    v = View(SIZE, SCALE, LOW)
    b = on_back()
    arms(b)
    x0, x1 = v.fit(b, 800, 470)
    mat_side(v, x0 - 0.05, x1 + 0.05, half_width=0.31)
    v.body(b, order)
    v.save(name)


def side_bend_picture():
    # Seen from in front of the person at mat level, a little raised.
    v = View(SIZE, SCALE, SIDE_ELEVATION, SIDE_AZIMUTH)
    b = side_lying()
    v.fit(b, 800, 470)
    if SIDE_AZIMUTH:
        mat_turned(v, -0.74, 0.40, -0.15, 0.36)
    else:
        mat_side(v, -0.74, 0.40, z0=-0.15, z1=0.40)
    # The top thigh is its own layer, so its outline shows it coming off the hip
    # toward the viewer; the seat stays hidden behind it.
    v.body(
        b,
        order=[
            (["arm-right"], NEAR),
            (["leg-right"], FAR),
            (["trunk", "head"], NEAR),
            (["leg-left"], NEAR),
            (["arm-left"], NEAR),
        ],
    )
    v.save("side-bend.png")


def cover_picture():
    size = (1600, 1200)
    v = View(size, 1250, LOW)
    b = on_back()
    arms_on_belly(b)
    # A low sun behind the figure: two flat discs (flat tints stay clean at 256 colours).
    cx, cy = 800 * SS, 560 * SS
    for radius, colour in ((430, SOFT), (300, mix(TEAL, 0.87))):
        r = radius * SS
        v.d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    x0, x1 = v.fit(b, 800, 800)
    mat_side(v, x0 - 0.06, x1 + 0.06)
    v.body(b)
    v.save("cover.png")


def main():
    back_picture("arch-and-flatten.png", arms_by_sides)
    back_picture("arch-and-curl.png", arms_behind_head, CURL_ORDER)
    back_picture("washrag.png", arms_goalpost)
    side_bend_picture()
    cover_picture()


if __name__ == "__main__":
    main()
