"""The image stage: check, orient, convert, downsample and encode the teacher's photos.

One stage serves every output. ``probe`` is the fast header check the loader runs
on each named image; ``ImageStage.prepare`` turns (source, pixel box) requests into
compact JPEG or PNG files in a content-addressed cache, decoding each distinct
source once per call, over all cores.

Units: ``*_px`` are pixels, ``*_pt`` are PDF points (1/72 inch).
Any bad file becomes an :class:`ImageError` with a short reason that reads after
"the image `x.jpg` ...", e.g. "is cut short (truncated)".
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import io
import json
import math
import os
import struct
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, UnidentifiedImageError

from .request import ImageRequest, PreparedImage, _path, _target_size, box_px, fit, share_variants  # noqa: F401

#: Largest picture accepted, in pixels (width x height), in formats that are decoded at full
#: size (PNG, HEIC, WebP, TIFF...): 250 megapixels, above the largest phone camera (200 MP),
#: about 750 MB while it is decoded. Larger files are refused as possible decompression bombs.
#: Read at call time, so tests may monkeypatch it.
MAX_PIXELS = 250_000_000
#: Largest JPEG accepted: JPEGs are decoded reduced (1/2 to 1/8 of each side, never below what
#: the outputs need), so a 108 or 200 MP phone photo takes no more memory than a 12 MP one.
MAX_JPEG_PIXELS = 1_000_000_000
#: Bump when the pipeline changes in a way that changes outputs: invalidates the cache.
STAGE_VERSION = 7
#: The index remembers the size of at most this many prepared pictures (it is read every
#: build); beyond that it keeps only those the last build used.
MAX_KNOWN_VARIANTS = 5_000
#: Prepared pictures no build has used for two weeks are removed (a replaced or edited photo
#: leaves its old pictures behind); the look for them reads every file's time, so it is made
#: at most once a day. A picture used by a build has its time brought forward, at most daily.
KEEP_UNUSED_S = 14 * 24 * 3600
PRUNE_EVERY_S = 24 * 3600
JPEG_QUALITY = 85
JPEG_SUBSAMPLING = 2  # 4:2:0
PNG_COMPRESS_LEVEL = 6
#: Encoder settings; part of every cache key.
ENCODER_SETTINGS = f"jpeg:q{JPEG_QUALITY}:ss{JPEG_SUBSAMPLING}:opt;png:z{PNG_COMPRESS_LEVEL}:lineart-v1"
#: Formats opened at all (whitelist: keeps Pillow's riskier plugins, e.g. EPS via
#: Ghostscript, out of reach of a file that merely has a .jpg name).
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP")  # JPEG also opens MPO (multi-picture JPEG)
# Read too where this machine's Pillow can: AVIF (built into Pillow 11.3+) and HEIC/HEIF,
# the iPhone's default, through the pillow-heif plugin (it applies the rotation itself).
OPTIONAL_FORMATS = ("AVIF", "HEIF")
_extra_formats: tuple[str, ...] | None = None


_COMMON_FORMATS = ("JPEG", "PNG")  # among those Image.preinit() registers


def _formats() -> tuple[str, ...]:
    """Every format opened: :data:`FORMATS` and the optional ones this machine reads (all of
    Pillow's plugins are loaded to know, once)."""
    global _extra_formats
    if _extra_formats is None:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:
            pass
        Image.init()
        _extra_formats = tuple(f for f in OPTIONAL_FORMATS if f in Image.OPEN)
    return FORMATS + _extra_formats
_INDEX_NAME = "index.json"
_INDEX_VERSION = 2  # 2: sources hashed with SHA-256
_RACY_NS = 2_000_000_000  # do not trust index entries for files modified in the last 2 s

_ORIENT_OPS = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


# --------------------------------------------------------------------------- errors

class ImageError(Exception):
    """A source image that cannot be used; ``str()`` is a short reason phrase."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path


class CacheWriteError(Exception):
    """A prepared picture could not be written into the cache folder (disk full, read-only...).

    The picture is not at fault: the caller reports the folder or builds without the cache.
    ``errno``, ``strerror`` and ``filename`` are those of the :class:`OSError`.
    """

    def __init__(self, errno_: int | None, strerror: str, filename: str):
        super().__init__(f"{strerror}: {filename}")
        self.errno = errno_
        self.strerror = strerror
        self.filename = filename

    def as_os_error(self) -> OSError:
        return OSError(self.errno, self.strerror, self.filename)


class ImageErrors(Exception):
    """Raised by :meth:`ImageStage.prepare` when some sources are bad.

    ``errors`` lists ``(source, ImageError)``; ``prepared`` holds the requests that
    did succeed, so a caller may still report everything at once.
    """

    def __init__(self, errors: list[tuple[Path, ImageError]], prepared: dict | None = None):
        self.errors = sorted(errors, key=lambda e: str(e[0]))
        self.prepared = prepared or {}
        super().__init__("\n".join(f"{src}: {err}" for src, err in self.errors))


# --------------------------------------------------------------------------- geometry

@dataclass(frozen=True)
class ImageInfo:
    """What ``probe`` learns from a header: size after EXIF orientation, in pixels."""

    width_px: int
    height_px: int
    format: str
    mode: str


# --------------------------------------------------------------------------- opening safely

def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:,.3g} megapixels" if pixels < 1_000_000 else f"{pixels / 1_000_000:,.0f} megapixels"


def _is_jpeg(fmt: str | None) -> bool:
    return fmt in ("JPEG", "MPO")


def _too_big(w: int, h: int, fmt: str | None = None) -> ImageError:
    if _is_jpeg(fmt):
        return ImageError(f"is {w} x {h} pixels ({_mp(w * h)}); the limit for a JPEG is {_mp(MAX_JPEG_PIXELS)}: "
                          "scale it down before using it")
    if w * h <= MAX_JPEG_PIXELS:
        return ImageError(f"is {w} x {h} pixels ({_mp(w * h)}); a {fmt or 'picture'} is read at full size, and the "
                          f"limit for that is {_mp(MAX_PIXELS)}: save it as JPEG (read reduced, up to "
                          f"{_mp(MAX_JPEG_PIXELS)}) or scale it down")
    return ImageError(f"is {w} x {h} pixels ({_mp(w * h)}); the limit is {_mp(MAX_PIXELS)}: scale it down before using it")


def _sniff_reason(path: Path) -> str:
    """Reason for a file Pillow will not open, with a hint for common cases."""
    try:
        with open(path, "rb") as f:
            head = f.read(32)
    except OSError:
        head = b""
    if not head:
        return "is an empty file"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        if "HEIF" in _formats():
            return "is a HEIC photo that cannot be read (damaged or cut short?): export it again, or as JPEG"
        return "is a HEIC photo, which this installation cannot read (pip install pillow-heif), or export it as JPEG"
    if head.startswith(b"%PDF"):
        return "is a PDF, not an image: export it as PNG or JPEG"
    if head.startswith(b"<svg") or head.startswith(b"<?xml"):
        return "is a vector (SVG/XML) file: export it as PNG"
    return "is not a picture movebook can read (use JPEG, PNG or WebP)"


def _sniff_truncated(path: Path) -> bool:
    """For a file Pillow choked on: does it look like a known format that was cut short?"""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            size = os.fstat(f.fileno()).st_size
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return size < 8 + struct.unpack("<I", head[4:8])[0]
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return not _png_complete(path)
        if head.startswith(b"\xff\xd8"):
            return not _tail(path, 64)[0].rstrip(b"\x00\r\n\t ").endswith(b"\xff\xd9")
    except (OSError, struct.error):
        pass
    return False


def _bomb_error(path: Path) -> ImageError:
    """Pillow refused the file and its message lacks the dimensions: read them from
    the header alone (no pixels are allocated) with Pillow's own check off for a moment."""
    saved = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path, formats=_formats()) as im:
            return _too_big(*im.size, im.format)
    except Exception:  # noqa: BLE001
        return ImageError(f"is larger than the limit of {_mp(MAX_PIXELS)}")
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _open(path: Path) -> Image.Image:
    """``Image.open`` with the pixel limit and a format whitelist; header only."""
    saved = Image.MAX_IMAGE_PIXELS
    try:
        # Pillow's own bomb check stops at 179 MP; ours below knows JPEGs are decoded reduced.
        Image.MAX_IMAGE_PIXELS = max(MAX_PIXELS, MAX_JPEG_PIXELS) // 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:  # JPEG and PNG first, without loading Pillow's other plugins (0.1 s)
                Image.preinit()
                im = Image.open(path, formats=_COMMON_FORMATS)
            except UnidentifiedImageError:
                im = Image.open(path, formats=_formats())
    except Image.DecompressionBombError:
        raise _bomb_error(path) from None
    except FileNotFoundError:
        raise ImageError("does not exist") from None
    except IsADirectoryError:
        raise ImageError("is a folder, not an image") from None
    except PermissionError:
        raise ImageError("cannot be read (permission denied)") from None
    except UnidentifiedImageError:
        raise ImageError(_sniff_reason(path)) from None
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, IndexError, TypeError, KeyError):
        # Pillow reports malformed headers with a wide variety of exceptions.
        if _sniff_truncated(path):
            raise ImageError("is cut short (truncated)") from None
        raise ImageError("has a damaged header (not a readable image)") from None
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    w, h = im.size
    if w <= 0 or h <= 0:
        im.close()
        raise ImageError("has no pixels (width or height is 0)")
    if w * h > (MAX_JPEG_PIXELS if _is_jpeg(im.format) else MAX_PIXELS):
        im.close()
        raise _too_big(w, h, im.format)
    return im


def _load_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "truncated" in text or isinstance(exc, EOFError) or "premature" in text or "broken data stream" in text:
        return "is cut short (truncated)"
    if isinstance(exc, MemoryError):
        return "needs more memory to decode than is available"
    if isinstance(exc, OSError) and exc.errno:  # the computer failed to read it, not a bad picture
        return f"cannot be read ({exc.strerror or exc})"
    return "is damaged and cannot be decoded"


def _orientation(im: Image.Image) -> int:
    """EXIF orientation (1-8) without decoding pixels; 1 when absent or unreadable."""
    try:
        if im.format == "PNG":
            raw = im.info.get("exif")
            if not raw:
                return 1
            exif = Image.Exif()
            exif.load(raw)
        else:
            exif = im.getexif()
        value = exif.get(0x0112, 1)
        return value if isinstance(value, int) and 1 <= value <= 8 else 1
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the orientation
        return 1


def _tail(path: Path, n: int) -> tuple[bytes, int]:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - n))
        return f.read(), size


def _png_complete(path: Path) -> bool:
    """True when the PNG's chunk chain reaches IEND inside the file (seeks only)."""
    tail, size = _tail(path, 12)
    if tail == b"\x00\x00\x00\x00IEND\xaeB`\x82":
        return True
    with open(path, "rb") as f:
        pos = 8
        while True:
            f.seek(pos)
            head = f.read(8)
            if len(head) < 8:
                return False
            length, kind = struct.unpack(">I4s", head)
            end = pos + 12 + length
            if end > size:
                return False
            if kind == b"IEND":
                return True
            pos = end


def _check_complete(path: Path, im: Image.Image) -> None:
    """Cheap truncation check; raises ImageError. Decodes only as a last resort."""
    try:
        fmt = im.format
        if fmt in ("JPEG", "MPO"):
            tail, _ = _tail(path, 64)
            if tail.rstrip(b"\x00\r\n\t ").endswith(b"\xff\xd9"):
                return
            # Data after the end marker (e.g. a phone's "motion photo") or a cut file:
            # a 1/8-scale decode tells them apart for a fraction of a full decode.
            _trial_load(path, draft=True)
            return
        if fmt == "PNG":
            if not _png_complete(path):
                raise ImageError("is cut short (truncated)")
            return
        if fmt == "WEBP":
            with open(path, "rb") as f:
                head = f.read(12)
                f.seek(0, os.SEEK_END)
                size = f.tell()
            if len(head) < 12 or size < 8 + struct.unpack("<I", head[4:8])[0]:
                raise ImageError("is cut short (truncated)")
            return
        if fmt == "GIF":
            tail, _ = _tail(path, 16)
            if tail.rstrip(b"\x00\r\n").endswith(b";"):
                return
            raise ImageError("is cut short (truncated)")
        _trial_load(path, draft=True)
    except OSError as exc:
        raise ImageError(f"cannot be read ({exc.strerror or exc})") from None


def _trial_load(path: Path, draft: bool) -> None:
    im = _open(path)
    try:
        if draft and im.format in ("JPEG", "MPO"):
            im.draft(im.mode if im.mode in ("L", "RGB", "CMYK") else None, (1, 1))
        im.load()
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decode failure is a bad file
        raise ImageError(_load_reason(exc)) from None
    finally:
        im.close()


def probe(path: Path | str) -> ImageInfo:
    """Size (after EXIF orientation), format and mode of an image, from its header.

    Also checks cheaply that the file is complete. Raises :class:`ImageError` for
    anything unusable; no other exception escapes for a bad file.
    """
    path = Path(path)
    im = _open(path)
    try:
        w, h = im.size
        if _orientation(im) in (5, 6, 7, 8):
            w, h = h, w
        info = ImageInfo(w, h, im.format or "", im.mode)
        _check_complete(path, im)
        return info
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ImageError(_load_reason(exc)) from None
    finally:
        im.close()


# --------------------------------------------------------------------------- pixel pipeline

def _scale_16bit(im: Image.Image, from_png: bool) -> Image.Image:
    """I;16* / I / F greyscale to 8-bit L, scaled (not clipped)."""
    if im.mode.startswith("I;16"):
        im = im.convert("I")
        hi = 65535
    elif im.mode == "F":
        lo, hi = im.getextrema()
        if lo >= 0 and hi <= 1.0:
            return im.point(lambda v: v * 255).convert("L")
        hi = max(hi, 1)
        return im.point(lambda v: v * (255 / hi)).convert("L")
    else:  # "I"
        lo, hi = im.getextrema()
        if from_png or 255 < hi <= 65535:
            hi = 65535
        elif hi <= 255:
            return im.convert("L")
    return im.point(lambda v: v * (255 / hi) + 0.5).convert("L")


def _normalise_mode(im: Image.Image, fmt: str) -> Image.Image:
    """Any Pillow mode to L, RGB, RGBA or CMYK (CMYK is converted after resizing)."""
    mode = im.mode
    if mode in ("RGB", "RGBA", "L", "CMYK"):
        return im
    if mode.startswith("I") or mode == "F":
        return _scale_16bit(im, fmt == "PNG")
    if mode == "P":
        return im.convert("RGBA" if "transparency" in im.info else "RGB")
    if mode in ("PA", "LA", "La", "RGBa"):
        return im.convert("RGBA")
    if mode == "1":
        return im.convert("L")
    if mode == "LAB":
        from PIL import ImageCms

        return ImageCms.profileToProfile(im, ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), outputMode="RGB")
    return im.convert("RGB")  # YCbCr, RGBX, HSV, ...


def _drop_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        return im.convert("RGB")
    return im


def _is_line_art(im: Image.Image, fmt: str) -> bool:
    """A drawing rather than a photo: lossless source whose pixels sit in a few flat colours."""
    if fmt in ("JPEG", "MPO"):
        return False
    w, h = im.size
    s = min(1.0, 256 / max(w, h))
    small = im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.Resampling.NEAREST) if s < 1 else im
    # Anti-aliased drawings have hundreds of edge shades but a handful of flat colours
    # cover most of the picture; in a photo (noise, gradients) no 8 colours come close.
    colours = small.getcolors(4096)
    if colours is None:
        return False
    total = small.width * small.height
    top = sum(sorted((c for c, _ in colours), reverse=True)[:8])
    return top >= 0.85 * total


def _to_srgb(im: Image.Image, icc: bytes | None, adobe: bool, fmt: str) -> Image.Image:
    """Final colour step on the small image: CMYK or tagged RGB to plain sRGB RGB/RGBA."""
    if im.mode == "L":
        return im.convert("RGB")
    if im.mode == "CMYK":
        if fmt in ("JPEG", "MPO") and not adobe:
            # Pillow assumes Adobe (inverted) polarity for every CMYK JPEG; a file
            # without the Adobe marker stores plain CMYK, so undo that inversion.
            im = ImageChops.invert(im)
        if icc:
            try:
                from PIL import ImageCms

                src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                return ImageCms.profileToProfile(
                    im, src, ImageCms.createProfile("sRGB"),
                    renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB",
                )
            except Exception:  # noqa: BLE001 - a broken profile: fall back to the plain formula
                pass
        c, m, y, k = (ImageChops.invert(ch) for ch in im.split())
        return Image.merge("RGB", [ImageChops.multiply(ch, k) for ch in (c, m, y)])
    if icc and im.mode in ("RGB", "RGBA"):
        try:
            from PIL import ImageCms

            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            desc = (ImageCms.getProfileDescription(src) or "").lower()
            if "srgb" not in desc:
                return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode=im.mode)
        except Exception:  # noqa: BLE001
            pass
    return im


def _orient(im: Image.Image, orientation: int) -> Image.Image:
    for op in _ORIENT_OPS.get(orientation, ()):
        im = im.transpose(op)
    return im


def _quantize_keeping_white(im: Image.Image) -> Image.Image:
    """256 colours for line art, with the paper exactly white.

    Octree buckets average their colours, so a white background with a few near-white
    resampling pixels would come out 252 grey and print as a faint box around the drawing.
    Near-white pixels (every channel >= 248) are made pure white first, and the palette
    entry nearest white is set to pure white afterwards.
    """
    from PIL import ImageChops

    rgb = im.convert("RGB")
    r, g, b = rgb.split()
    lightest = ImageChops.darker(ImageChops.darker(r, g), b)
    rgb.paste((255, 255, 255), mask=lightest.point(lambda v: 255 if v >= 248 else 0))
    q = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = q.getpalette()[: 256 * 3]
    entries = [tuple(palette[i : i + 3]) for i in range(0, len(palette), 3)]
    nearest = min(range(len(entries)), key=lambda i: sum(255 - c for c in entries[i]))
    if sum(255 - c for c in entries[nearest]) <= 3 * 7:
        palette[nearest * 3 : nearest * 3 + 3] = [255, 255, 255]
        q.putpalette(palette)
    return q


def _encode(im: Image.Image, line_art: bool, dest_stem: Path) -> PreparedImage:
    """Encode to JPEG (photo) or PNG (alpha / line art), atomically, beside ``dest_stem``."""
    has_alpha = im.mode == "RGBA"
    im.info = {}  # never carry EXIF, ICC or text chunks into the output
    if has_alpha or line_art:
        fmt, ext = "PNG", ".png"
        if line_art and not has_alpha:
            im = _quantize_keeping_white(im)
            opts = {"compress_level": 6}  # "optimize" is 5x slower for ~8% on line art
        else:
            opts = {"compress_level": PNG_COMPRESS_LEVEL}
    else:
        fmt, ext = "JPEG", ".jpg"
        if im.mode != "RGB":
            im = im.convert("RGB")
        opts = {"quality": JPEG_QUALITY, "optimize": True, "subsampling": JPEG_SUBSAMPLING, "progressive": False}
    dest = dest_stem.with_suffix(ext)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=ext, dir=dest.parent)
    except OSError as exc:
        raise CacheWriteError(exc.errno, exc.strerror or str(exc), str(dest.parent)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            im.save(f, fmt, **opts)
        os.replace(tmp, dest)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.errno:  # the disk or folder refused: not the picture's fault
            raise CacheWriteError(exc.errno, exc.strerror or str(exc), str(dest.parent)) from None
        raise
    return PreparedImage(dest, im.width, im.height, has_alpha, fmt)


def _process_source(path: str, variants: list[tuple[int, int, str]]) -> tuple[bool, object]:
    """Decode one source once and write every variant. Runs in a worker process.

    ``variants`` are ``(box_w, box_h, dest_stem)``. Returns ``(True, [PreparedImage...])``
    in the same order, or ``(False, reason)``. Never raises for a bad file.
    """
    try:
        return True, _make_variants(Path(path), variants)
    except CacheWriteError as exc:
        return False, ("cache", exc.errno, exc.strerror, exc.filename)
    except ImageError as exc:
        return False, exc.reason
    except MemoryError:
        return False, "needs more memory to decode than is available"
    except Exception as exc:  # noqa: BLE001 - any other failure is still this file's problem
        return False, _load_reason(exc)


def _draft_scale(stored: tuple[int, int], size: tuple[int, int], jpeg: bool) -> int:
    """The DCT-domain reduction (1, 2 or 4) a JPEG is decoded at for an output of ``size``
    (stored orientation): the largest that keeps at least that many pixels, but never 1/8.

    Decoding at 1/8 costs as much as at 1/4 (reading the compressed data is most of the
    work), so capping at 1/4 lets one decode serve every variant of a phone photo: the
    page-sized picture and the thumbnails alike."""
    if not jpeg:
        return 1
    ratio = min(stored[0] // max(1, size[0]), stored[1] // max(1, size[1]))
    return next((s for s in (4, 2) if ratio >= s), 1)


#: A JPEG decoded at a reduction this close above a variant's size (each side at most 4%
#: larger) is used as it is: resampling by 4% costs more than the rest of the variant and
#: changes nothing anyone sees; the picture is still placed by its box.
NEAR = 1.04


def _near(have: tuple[int, int], want: tuple[int, int]) -> bool:
    return have == want or (want[0] <= have[0] <= want[0] * NEAR and want[1] <= have[1] <= want[1] * NEAR)


def _make_variants(path: Path, variants: list[tuple[int, int, str]]) -> list[PreparedImage]:
    """Every variant of one source. A variant's pixels depend only on the source and its own
    size (never on which other variants are made with it), so a picture made in a rebuild is
    the same as one made in a cold build: each is resized straight from a decode of the
    source, at the JPEG reduction its own size allows (one decode per reduction used)."""
    im = _open(path)
    fmt = im.format or ""
    orientation = _orientation(im)
    sideways = orientation in (5, 6, 7, 8)
    stored_w, stored_h = im.size
    ow, oh = (stored_h, stored_w) if sideways else (stored_w, stored_h)
    targets = [_target_size(ow, oh, bw, bh) for bw, bh, _ in variants]
    sizes = [(th, tw) if sideways else (tw, th) for tw, th in targets]  # in stored orientation
    jpeg = fmt in ("JPEG", "MPO")
    groups: dict[int, list[int]] = {}
    for i, size in enumerate(sizes):
        groups.setdefault(_draft_scale((stored_w, stored_h), size, jpeg), []).append(i)
    out: list[PreparedImage | None] = [None] * len(variants)
    for k, scale in enumerate(sorted(groups)):
        if k:
            im = _open(path)
        try:
            if scale > 1:
                im.draft("RGB" if im.mode == "RGB" else None, (stored_w // scale, stored_h // scale))
            if im.width * im.height > MAX_PIXELS:  # a huge picture whose outputs need nearly all of it
                raise _too_big(stored_w, stored_h, fmt)
            icc = im.info.get("icc_profile")
            adobe = "adobe" in im.info
            try:
                im.load()
            except Exception as exc:  # noqa: BLE001
                raise ImageError(_load_reason(exc)) from None
            base = _normalise_mode(im, fmt)
            base = _drop_opaque_alpha(base)
            line_art = _is_line_art(base, fmt)  # never for a JPEG: the same whatever the reduction
            for i in groups[scale]:
                size = sizes[i]
                small = base if _near(base.size, size) else base.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
                out[i] = _encode(_to_srgb(_orient(small, orientation), icc, adobe, fmt), line_art, Path(variants[i][2]))
        finally:
            im.close()
    return out  # type: ignore[return-value]


# --------------------------------------------------------------------------- cache

def _read_cached(stem: Path, known: dict | None = None) -> PreparedImage | None:
    """A valid cache entry for ``stem`` (either extension), or None; broken entries are removed.

    ``known``: what earlier builds learnt of entries (name -> [extension, width, height, alpha,
    file size]); an entry whose file still has that size is taken without opening it, and
    what is learnt here is added."""
    entry = known.get(stem.name) if known is not None else None
    if (isinstance(entry, list) and len(entry) == 5 and entry[0] in (".jpg", ".png")
            and all(type(v) is int and 0 < v <= 65535 for v in entry[1:3]) and entry[3] in (0, 1)
            and type(entry[4]) is int):
        p = stem.with_suffix(entry[0])
        try:
            st = p.stat()
            if st.st_size == entry[4]:
                _mark_used(p, st)
                return PreparedImage(p, entry[1], entry[2], bool(entry[3]), "JPEG" if entry[0] == ".jpg" else "PNG")
        except OSError:
            pass
    found = _open_cached(stem)
    if found is not None:
        try:
            _mark_used(found.path, found.path.stat())
        except OSError:
            pass
        if known is not None:
            _remember(known, found)
    return found


def _mark_used(path: Path, st: os.stat_result) -> None:
    """Bring a used picture's time forward (at most once a day), so pruning keeps it."""
    now = time.time()
    if now - st.st_mtime > PRUNE_EVERY_S:
        try:
            os.utime(path, (now, now))
        except OSError:
            pass


def _remember(known: dict, prepared: PreparedImage) -> None:
    try:
        size = prepared.path.stat().st_size
    except OSError:
        return
    known[prepared.path.stem] = [prepared.path.suffix, prepared.width_px, prepared.height_px, int(prepared.has_alpha), size]


def _open_cached(stem: Path) -> PreparedImage | None:
    for ext, fmt in ((".jpg", "JPEG"), (".png", "PNG")):
        p = stem.with_suffix(ext)
        try:
            if p.stat().st_size == 0:
                raise ValueError("empty")
            with Image.open(p, formats=(fmt,)) as im:
                w, h = im.size
                alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                _check_complete(p, im)
            return PreparedImage(p, w, h, alpha, fmt)
        except FileNotFoundError:
            continue
        except Exception:  # noqa: BLE001 - corrupt entry: drop it and rebuild
            try:
                p.unlink()
            except OSError:
                pass
    return None


def _hash_file(path: Path) -> str:
    """The content key of a source. SHA-256: processors of the last decade hash it in hardware,
    about three times as fast as BLAKE2b here (a cold build hashes every photo)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class ImageStats:
    """Counters over the life of one :class:`ImageStage`."""

    decoded: int = 0      # sources actually decoded
    cache_hits: int = 0   # requests answered from the cache without decoding


class ImageStage:
    """Prepares images for the outputs, with a content-addressed cache in ``cache_dir``.

    ``workers``: processes to use (default: all cores). ``progress(done, total)`` is
    called in the calling process as distinct sources finish. ``prune``: the requests are all
    the workspace's outputs ask for, so pictures long unused may go (see :data:`KEEP_UNUSED_S`).
    """

    def __init__(
        self,
        cache_dir: Path,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        prune: bool = True,
    ):
        self.cache_dir = Path(cache_dir)
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.progress = progress
        self.prune = prune  # False when the requests are not all the workspace's (its other outputs are up to date)
        self.stats = ImageStats()

    # -- source hashes, with an index keyed by (path, size, mtime_ns)

    def _load_index(self) -> dict:
        try:
            data = json.loads((self.cache_dir / _INDEX_NAME).read_text("utf-8"))
            if isinstance(data, dict) and data.get("version") == _INDEX_VERSION and isinstance(data.get("files"), dict):
                return data
        except (OSError, ValueError):
            pass
        return {"version": _INDEX_VERSION, "files": {}}

    def _save_index(self, index: dict) -> None:
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-index-", dir=self.cache_dir)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(index, f, separators=(",", ":"))
            os.replace(tmp, self.cache_dir / _INDEX_NAME)
        except OSError:
            pass  # the index is only a speed-up

    def _hashes(self, sources: list[Path], errors: dict[Path, ImageError], index: dict) -> dict[Path, str]:
        files: dict = index.setdefault("files", {})
        now = time.time_ns()
        out: dict[Path, str] = {}
        todo: list[tuple[Path, os.stat_result]] = []
        for src in sources:
            try:
                st = src.stat()
            except FileNotFoundError:
                errors[src] = ImageError("does not exist", src)
                continue
            except OSError as exc:
                errors[src] = ImageError(f"cannot be read ({exc.strerror or exc})", src)
                continue
            entry = files.get(str(src.absolute()))
            if (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], str)
                    and entry[0] == st.st_size and entry[1] == st.st_mtime_ns):
                out[src] = entry[2]
            else:
                todo.append((src, st))
        if todo:
            # hashlib releases the GIL on large buffers: threads hash files in parallel.
            with cf.ThreadPoolExecutor(max_workers=min(8, len(todo))) as pool:
                futs = {pool.submit(_hash_file, src): (src, st) for src, st in todo}
                for fut in cf.as_completed(futs):
                    src, st = futs[fut]
                    try:
                        digest = fut.result()
                    except IsADirectoryError:
                        errors[src] = ImageError("is a folder, not an image", src)
                        continue
                    except OSError as exc:
                        errors[src] = ImageError(f"cannot be read ({exc.strerror or exc})", src)
                        continue
                    out[src] = digest
                    if now - st.st_mtime_ns > _RACY_NS:
                        files[str(src.absolute())] = [st.st_size, st.st_mtime_ns, digest]
        return out

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a killed build (older than an hour: not someone's write in progress)."""
        limit = time.time() - 3600
        for p in self.cache_dir.glob(".tmp-*"):
            try:
                if p.stat().st_mtime < limit:
                    p.unlink()
            except OSError:
                pass

    def _prune(self, used: set[str], known: dict) -> None:
        """Remove the pictures unused for :data:`KEEP_UNUSED_S` (their index entries too); looked
        for at most every :data:`PRUNE_EVERY_S`. Any trouble only leaves them for next time."""
        marker = self.cache_dir / ".pruned"
        now = time.time()
        try:
            if now - marker.stat().st_mtime < PRUNE_EVERY_S:
                return
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            for entry in os.scandir(self.cache_dir):
                stem, ext = os.path.splitext(entry.name)
                if ext not in (".jpg", ".png") or entry.name.startswith(".") or stem in used:
                    continue
                try:
                    if now - entry.stat().st_mtime > KEEP_UNUSED_S:
                        os.unlink(entry.path)
                        known.pop(stem, None)
                except OSError:
                    continue
            marker.touch()
        except OSError:
            pass

    def _stem(self, digest: str, box_w: int, box_h: int) -> Path:
        key = hashlib.blake2b(
            f"{STAGE_VERSION}|{digest}|{box_w}x{box_h}|{ENCODER_SETTINGS}".encode(), digest_size=20
        ).hexdigest()
        return self.cache_dir / key

    # -- the public call

    def prepare(self, requests: Iterable[ImageRequest]) -> dict[ImageRequest, PreparedImage]:
        """Prepare every request; each distinct source is decoded at most once.

        Raises :class:`ImageErrors` (after trying every source) if any source is bad.
        """
        reqs = list(dict.fromkeys(requests))
        for r in reqs:
            if r.max_w_px < 1 or r.max_h_px < 1:
                raise ValueError(f"image box must be at least 1 x 1 pixels, got {r.max_w_px} x {r.max_h_px} for {r.source}")
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheWriteError(exc.errno, exc.strerror or str(exc), str(self.cache_dir)) from None
        self._remove_stale_temp_files()
        sources = list(dict.fromkeys(_path(r.source) for r in reqs))
        errors: dict[Path, ImageError] = {}
        index = self._load_index()
        before = json.dumps(index, sort_keys=True)
        known = index.get("variants")
        if not isinstance(known, dict):
            known = index["variants"] = {}
        used: set[str] = set()  # the entries this build asks for
        digests = self._hashes(sources, errors, index)

        result: dict[ImageRequest, PreparedImage] = {}
        # Group missing variants by content hash: identical files are decoded once too.
        jobs: dict[str, tuple[Path, dict[tuple[int, int], list[ImageRequest]]]] = {}
        for r in reqs:
            src = _path(r.source)
            digest = digests.get(src)
            if digest is None:
                continue
            stem = self._stem(digest, r.max_w_px, r.max_h_px)
            used.add(stem.name)
            cached = _read_cached(stem, known)
            if cached is not None:
                result[r] = cached
                self.stats.cache_hits += 1
                continue
            job = jobs.setdefault(digest, (src, {}))
            job[1].setdefault((r.max_w_px, r.max_h_px), []).append(r)

        # Report progress over distinct sources (content), cached ones count as done.
        all_digests = {digests[s] for s in sources if s in digests}
        total = len(all_digests) + len([s for s in sources if s in errors])
        done = total - len(jobs)
        if self.progress:
            self.progress(done, total)

        cache_failures: list[CacheWriteError] = []

        def finish(digest: str, ok: bool, payload) -> None:
            nonlocal done
            src, boxes = jobs[digest]
            if not ok and isinstance(payload, tuple) and payload[:1] == ("cache",):
                cache_failures.append(CacheWriteError(*payload[1:]))
                done += 1
                return
            if ok:
                self.stats.decoded += 1
            if ok:
                for (box, rs), prepared in zip(boxes.items(), payload):
                    _remember(known, prepared)
                    for r in rs:
                        result[r] = prepared
            else:
                reason = "made the image decoder crash (or ran out of memory)" if payload == "__crash__" else payload
                for s in {r.source for rs in boxes.values() for r in rs}:
                    errors[Path(s)] = ImageError(reason, Path(s))
            done += 1
            if self.progress:
                self.progress(done, total)

        def args(digest: str):
            src, boxes = jobs[digest]
            return str(src), [(bw, bh, str(self._stem(digest, bw, bh))) for bw, bh in boxes]

        n_workers = min(self.workers, len(jobs))
        if n_workers <= 1:
            for digest in jobs:
                ok, payload = _process_source(*args(digest))
                finish(digest, ok, payload)
        else:
            # Largest files first so the slowest job does not start last.
            order = sorted(jobs, key=lambda d: -_size(jobs[d][0]))
            crashed = _run_pool(order, args, n_workers, finish)
            # A worker died (a decoder crash, or the kernel killing it for memory) and took
            # the pool down: retry those sources one by one to find the culprit.
            for d in crashed:
                if _run_pool([d], args, 1, finish):
                    finish(d, False, "__crash__")

        if self.prune:
            self._prune(used, known)
        if len(known) > MAX_KNOWN_VARIANTS:  # too many to read each build: the ones this build used
            index["variants"] = {k: v for k, v in known.items() if k in used}
        if json.dumps(index, sort_keys=True) != before:
            self._save_index(index)
        if cache_failures:
            raise cache_failures[0]
        if errors:
            raise ImageErrors([(src, err) for src, err in errors.items()], result)
        return result


def _run_pool(order: list[str], args, n_workers: int, finish) -> list[str]:
    """Run jobs in a process pool, calling ``finish``; returns the jobs lost to a broken pool."""
    crashed: list[str] = []
    from ..build.workers import die_with_parent, interrupts_held, stop_workers_on_interrupt

    with cf.ProcessPoolExecutor(max_workers=n_workers, initializer=die_with_parent) as pool, stop_workers_on_interrupt(pool):
        with interrupts_held():
            futs = {pool.submit(_process_source, *args(d)): d for d in order}
        for fut in cf.as_completed(futs):
            d = futs[fut]
            try:
                ok, payload = fut.result()
            except cf.process.BrokenProcessPool:
                crashed.append(d)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                ok, payload = False, _load_reason(exc)
            finish(d, ok, payload)
    return crashed


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
