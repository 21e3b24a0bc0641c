"""Tests for builder.images: safe opening, probing, conversion, downsampling, caching."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from builder.images import stage as images
from builder.images.stage import ImageError, ImageErrors, ImageRequest, ImageStage, box_px, fit, probe


# --------------------------------------------------------------------------- fixtures

def photo(size=(1200, 800), seed=1) -> Image.Image:
    """Photo-like RGB: gradients plus noise (thousands of colours)."""
    w, h = size
    r = Image.linear_gradient("L").resize(size)
    g = Image.linear_gradient("L").rotate(90).resize(size)
    b = Image.effect_noise(size, 40 + seed)
    return Image.merge("RGB", (r, g, b))


def save(im: Image.Image, path: Path, fmt: str | None = None, **kw) -> Path:
    im.save(path, fmt, **kw)
    return path


def near(px, want, tol=24) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(px, want))


def out_image(prepared) -> Image.Image:
    im = Image.open(prepared.path)
    im.load()
    return im


@pytest.fixture
def stage(tmp_path):
    return ImageStage(tmp_path / "cache", workers=1)


def prep_one(stage, src, box=(4000, 4000)):
    req = ImageRequest(src, *box)
    return stage.prepare([req])[req]


# --------------------------------------------------------------------------- geometry

def test_box_px_and_fit():
    assert box_px(72, 36) == (300, 150)
    assert box_px(72, 72, ppi=150) == (150, 150)
    assert box_px(0.01, 0.01) == (1, 1)
    assert fit(4000, 3000, 1400, 1400) == (1400, 1050)
    assert fit(3000, 4000, 1400, 1400) == (1050, 1400)
    assert fit(100, 50, 400, 400) == (400, 200)  # geometry may scale up; prepare never does
    with pytest.raises(ValueError):
        fit(0, 10, 10, 10)


# --------------------------------------------------------------------------- orientation

def sideways_jpeg(tmp_path) -> Path:
    # Stored landscape 1200x800 with a red block in the stored top-left corner.
    im = Image.new("RGB", (1200, 800), (40, 120, 200))
    ImageDraw.Draw(im).rectangle((0, 0, 199, 199), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # display = stored rotated 90 degrees clockwise
    exif[0x010F] = "PhoneMaker"
    return save(im, tmp_path / "side.jpg", quality=95, exif=exif.tobytes())


def test_exif_orientation_probe_and_pixels(tmp_path, stage):
    src = sideways_jpeg(tmp_path)
    info = probe(src)
    assert (info.width_px, info.height_px, info.format) == (800, 1200, "JPEG")
    p = prep_one(stage, src, (400, 600))
    assert (p.width_px, p.height_px) == (400, 600)
    out = out_image(p)
    assert out.size == (400, 600)
    # stored top-left -> displayed top-right after a clockwise quarter turn
    assert near(out.getpixel((390, 10)), (255, 0, 0))
    assert near(out.getpixel((10, 10)), (40, 120, 200))
    assert near(out.getpixel((10, 590)), (40, 120, 200))
    # EXIF is stripped: no orientation left to rotate it a second time
    assert not out.getexif()
    assert "exif" not in out.info


# --------------------------------------------------------------------------- colour modes

def _strip_adobe_app14(data: bytes) -> bytes:
    i = data.find(b"\xff\xee")
    assert i > 0 and data[i + 4 : i + 9] == b"Adobe"
    length = struct.unpack(">H", data[i + 2 : i + 4])[0]
    return data[:i] + data[i + 2 + length :]


def test_cmyk_jpeg_adobe_is_not_negative(tmp_path, stage):
    # Pillow writes CMYK JPEGs the Adobe way (inverted, with an APP14 marker).
    im = Image.new("CMYK", (600, 400), (0, 255, 255, 0))  # pure red ink mix
    ImageDraw.Draw(im).rectangle((0, 0, 99, 99), fill=(0, 0, 0, 0))  # paper white
    src = save(im, tmp_path / "cmyk.jpg", quality=95)
    assert probe(src).mode == "CMYK"
    p = prep_one(stage, src)
    assert p.format == "JPEG"
    out = out_image(p)
    assert out.mode == "RGB"
    assert near(out.getpixel((300, 300)), (255, 0, 0), 30)
    assert near(out.getpixel((10, 10)), (255, 255, 255), 10)


def test_cmyk_jpeg_without_adobe_marker_is_not_negative(tmp_path, stage):
    # Plain (non-inverted) CMYK data with no APP14: what non-Adobe software writes.
    im = Image.new("CMYK", (600, 400), (0, 255, 255, 0))
    ImageDraw.Draw(im).rectangle((0, 0, 99, 99), fill=(0, 0, 0, 0))
    buf = io.BytesIO()
    Image.eval(im, lambda v: 255 - v).save(buf, "JPEG", quality=95)  # stored = plain values
    src = tmp_path / "plain-cmyk.jpg"
    src.write_bytes(_strip_adobe_app14(buf.getvalue()))
    assert "adobe" not in Image.open(src).info
    out = out_image(prep_one(stage, src))
    assert near(out.getpixel((300, 300)), (255, 0, 0), 30)
    assert near(out.getpixel((10, 10)), (255, 255, 255), 10)


CMYK_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@pytest.mark.skipif(not CMYK_ICC.is_file(), reason="no CMYK ICC profile on this machine")
def test_cmyk_jpeg_with_icc_profile(tmp_path, stage):
    im = Image.new("CMYK", (600, 400), (0, 255, 255, 0))
    ImageDraw.Draw(im).rectangle((0, 0, 99, 99), fill=(0, 0, 0, 0))
    src = save(im, tmp_path / "cmyk-icc.jpg", quality=95, icc_profile=CMYK_ICC.read_bytes())
    out = out_image(prep_one(stage, src))
    r, g, b = out.getpixel((300, 300))
    assert r > 190 and g < 90 and b < 90  # printed red, as sRGB
    assert min(out.getpixel((10, 10))) > 235
    assert "icc_profile" not in out.info


def test_16bit_grey_png_keeps_mid_grey(tmp_path, stage):
    im = Image.new("I;16", (600, 400), 32896)  # 0x8080: mid grey in 16 bits
    ImageDraw.Draw(im).rectangle((0, 0, 99, 99), fill=65535)
    src = save(im, tmp_path / "grey16.png")
    assert Image.open(src).mode.startswith("I")
    out = out_image(prep_one(stage, src))
    assert out.mode in ("RGB", "P", "L")
    rgb = out.convert("RGB")
    assert near(rgb.getpixel((300, 300)), (128, 128, 128), 3)
    assert near(rgb.getpixel((10, 10)), (255, 255, 255), 3)


def test_palette_png_without_transparency(tmp_path, stage):
    im = photo((600, 400)).quantize(64)
    src = save(im, tmp_path / "pal.png")
    p = prep_one(stage, src)
    assert not p.has_alpha
    out = out_image(p).convert("RGB")
    assert near(out.getpixel((300, 200)), im.convert("RGB").getpixel((300, 200)), 40)


def test_palette_png_with_transparency_keeps_alpha(tmp_path, stage):
    im = Image.new("P", (600, 400), 0)
    im.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    ImageDraw.Draw(im).ellipse((100, 100, 500, 300), fill=1)
    src = save(im, tmp_path / "pal-t.png", transparency=0)
    p = prep_one(stage, src)
    assert p.has_alpha and p.format == "PNG"
    out = out_image(p).convert("RGBA")
    assert out.getpixel((5, 5))[3] == 0
    assert near(out.getpixel((300, 200)), (200, 30, 30, 255), 10)


def test_rgba_png_keeps_alpha_and_png(tmp_path, stage):
    im = photo((800, 600)).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").resize((800, 600)))
    src = save(im, tmp_path / "rgba.png")
    p = prep_one(stage, src, (400, 400))
    assert p.has_alpha and p.format == "PNG" and p.path.suffix == ".png"
    out = out_image(p)
    assert out.mode == "RGBA" and out.size == (400, 300)
    assert out.getpixel((200, 2))[3] < 20 and out.getpixel((200, 297))[3] > 235


def test_opaque_alpha_is_dropped(tmp_path, stage):
    src = save(photo((800, 600)).convert("RGBA"), tmp_path / "opaque.png")
    p = prep_one(stage, src)
    assert not p.has_alpha and p.format == "JPEG"


def test_la_png_and_webp(tmp_path, stage):
    la = Image.merge("LA", (Image.effect_noise((300, 200), 50), Image.new("L", (300, 200), 128)))
    p = prep_one(stage, save(la, tmp_path / "la.png"))
    assert p.has_alpha and p.format == "PNG"
    webp = save(photo((900, 600)), tmp_path / "photo.webp", quality=90)
    assert probe(webp).format == "WEBP"
    p = prep_one(stage, webp, (450, 450))
    assert p.format == "JPEG" and (p.width_px, p.height_px) == (450, 300)


# --------------------------------------------------------------------------- size and format

def test_downsample_fits_box_keeps_aspect_never_upscales(tmp_path, stage):
    src = save(photo((1200, 800)), tmp_path / "p.jpg", quality=90)
    reqs = [ImageRequest(src, 600, 600), ImageRequest(src, 300, 100), ImageRequest(src, 5000, 5000),
            ImageRequest(src, 1200, 800), ImageRequest(src, 1, 1)]
    got = stage.prepare(reqs)
    assert stage.stats.decoded == 1  # one decode made all five variants
    sizes = {(r.max_w_px, r.max_h_px): (p.width_px, p.height_px) for r, p in got.items()}
    assert sizes == {(600, 600): (600, 400), (300, 100): (150, 100), (5000, 5000): (1200, 800),
                     (1200, 800): (1200, 800), (1, 1): (1, 1)}
    for r, p in got.items():
        assert out_image(p).size == (p.width_px, p.height_px)
        assert p.format == "JPEG" and not p.has_alpha


def test_jpeg_for_photos_png_for_line_art(tmp_path, stage):
    art = Image.new("RGB", (1200, 800), "white")
    d = ImageDraw.Draw(art)
    for i in range(0, 1200, 60):
        d.line((i, 0, 1200 - i, 800), fill=(20, 20, 20), width=4)
    d.ellipse((300, 200, 900, 600), outline=(47, 111, 106), width=8)
    p_art = prep_one(stage, save(art, tmp_path / "drawing.png"), (600, 600))
    assert p_art.format == "PNG" and not p_art.has_alpha
    # an anti-aliased drawing (hundreds of edge shades, a few flat fills) is line art too
    big = Image.new("RGB", (2400, 1600), (244, 247, 247))
    d = ImageDraw.Draw(big)
    d.ellipse((400, 300, 2000, 1300), fill=(213, 226, 225), outline=(47, 111, 106), width=14)
    d.line((100, 1500, 2300, 200), fill=(47, 111, 106), width=10)
    aa = big.resize((1200, 800), Image.Resampling.LANCZOS)
    assert len(aa.getcolors(1 << 20)) > 256
    assert prep_one(stage, save(aa, tmp_path / "aa.png"), (600, 600)).format == "PNG"
    p_photo = prep_one(stage, save(photo(), tmp_path / "photo.png"), (600, 600))
    assert p_photo.format == "JPEG"
    # line art stays crisp: background pure white, lines still dark
    out = out_image(p_art).convert("RGB")
    assert near(out.getpixel((5, 200)), (255, 255, 255), 2)
    assert min(out.convert("L").getextrema()) < 60


def test_photo_jpeg_is_compact(tmp_path, stage):
    src = save(photo((1200, 800)), tmp_path / "big.jpg", quality=98)
    p = prep_one(stage, src, (600, 600))
    assert p.path.stat().st_size < src.stat().st_size / 2
    with Image.open(p.path) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        assert not im.info.get("exif") and not im.info.get("progressive")


# --------------------------------------------------------------------------- bad files

def png_header_only(path: Path, w: int, h: int) -> Path:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    idat = zlib.compress(b"\x00" * 1000)  # a few rows: the rest is "missing", as in a real bomb
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def test_bomb_header_claims_huge_size(tmp_path, stage):
    src = png_header_only(tmp_path / "bomb.png", 30000, 30000)
    with pytest.raises(ImageError) as e:
        probe(src)
    assert str(e.value).startswith("is 30000 x 30000 pixels (900 megapixels); a PNG is read at full size, "
                                   "and the limit for that is 250 megapixels")
    src2 = png_header_only(tmp_path / "bomb2.png", 60000, 60000)  # above every limit
    with pytest.raises(ImageError, match=r"60000 x 60000 pixels \(3,600 megapixels\); the limit is 250 megapixels"):
        probe(src2)
    with pytest.raises(ImageErrors) as e:
        stage.prepare([ImageRequest(src, 100, 100)])
    assert "limit" in str(e.value.errors[0][1])


def test_bomb_with_small_limit(tmp_path, stage, monkeypatch):
    src = save(photo((400, 300)), tmp_path / "p.png", "PNG")
    jpeg = save(photo((400, 300)), tmp_path / "p.jpg")
    monkeypatch.setattr(images, "MAX_PIXELS", 100_000)
    monkeypatch.setattr(images, "MAX_JPEG_PIXELS", 200_000)
    with pytest.raises(ImageError, match=r"400 x 300 pixels \(0.12 megapixels\); a PNG is read at full size, and the limit for that is 0.1 megapixels"):
        probe(src)
    monkeypatch.setattr(images, "MAX_JPEG_PIXELS", 110_000)
    with pytest.raises(ImageError, match=r"400 x 300 pixels \(0.12 megapixels\); the limit for a JPEG is 0.11 megapixels"):
        probe(jpeg)
    with pytest.raises(ImageErrors):
        stage.prepare([ImageRequest(src, 100, 100)])


def test_a_jpeg_above_the_full_size_limit_is_decoded_reduced(tmp_path, stage, monkeypatch):
    """The rule a 108 or 200 MP phone photo follows, at a size a test makes in no time."""
    src = save(photo((1600, 1200)), tmp_path / "big.jpg")
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)  # 1.92 MP is "too big to decode at full size"
    assert probe(src).width_px == 1600
    out = stage.prepare([ImageRequest(src, 400, 300)])
    assert max(Image.open(p.path).size for p in out.values()) == (400, 300)
    with pytest.raises(ImageErrors, match="limit"):  # its outputs would need it whole: refused, with the reason
        stage.prepare([ImageRequest(src, 1600, 1200)])


@pytest.mark.parametrize("name,fmt", [("cut.jpg", "JPEG"), ("cut.png", "PNG"), ("cut.webp", "WEBP")])
def test_truncated_files(tmp_path, stage, name, fmt):
    full = tmp_path / ("full-" + name)
    save(photo((600, 400)), full, fmt)
    data = full.read_bytes()
    src = tmp_path / name
    src.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError, match="cut short"):
        probe(src)
    with pytest.raises(ImageErrors) as e:
        stage.prepare([ImageRequest(src, 100, 100)])
    assert [s for s, _ in e.value.errors] == [src]


def test_jpeg_with_trailing_data_is_fine(tmp_path):
    src = save(photo((600, 400)), tmp_path / "motion.jpg")
    with open(src, "ab") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42" + os.urandom(5000))  # like a phone "motion photo"
    assert probe(src).width_px == 600


def test_not_images(tmp_path, stage):
    txt = tmp_path / "notes.jpg"
    txt.write_text("this is not a photo\n")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    heic = tmp_path / "phone.jpg"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
    with pytest.raises(ImageError, match="not a picture movebook can read"):
        probe(txt)
    with pytest.raises(ImageError, match="empty"):
        probe(empty)
    with pytest.raises(ImageError, match="HEIC"):
        probe(heic)
    with pytest.raises(ImageError, match="does not exist"):
        probe(tmp_path / "missing.jpg")
    with pytest.raises(ImageError):
        probe(tmp_path)
    good = save(photo((300, 200)), tmp_path / "good.jpg")
    reqs = [ImageRequest(p, 100, 100) for p in (txt, empty, heic, tmp_path / "missing.jpg", good)]
    with pytest.raises(ImageErrors) as e:
        stage.prepare(reqs)
    assert len(e.value.errors) == 4
    assert list(e.value.prepared) == [reqs[-1]]  # the good one was still prepared


def test_damaged_jpeg_body(tmp_path, stage):
    src = save(photo((600, 400)), tmp_path / "damaged.jpg")
    data = bytearray(src.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 3000] = os.urandom(3000)  # garbage in the scan data, end marker intact
    src.write_bytes(bytes(data))
    probe(src)  # header and end marker look fine; the real decode decides
    # libjpeg may decode corrupt scan data into garbage pixels or refuse it: either a usable
    # picture or an ImageErrors naming the file is fine; any other exception fails the test.
    req = ImageRequest(src, 100, 100)
    try:
        out = stage.prepare([req])
    except ImageErrors as e:
        assert Path(e.errors[0][0]).name == src.name and isinstance(e.errors[0][1], ImageError)
    else:
        assert out[req].path.exists() and max(out[req].width_px, out[req].height_px) == 100


# --------------------------------------------------------------------------- cache

def test_cache_warm_run_decodes_nothing_and_tracks_changes(tmp_path):
    cache = tmp_path / "cache"
    srcs = [save(photo((900, 600), seed=i), tmp_path / f"p{i}.jpg") for i in range(3)]
    # make mtimes old enough for the stat index to be trusted
    for s in srcs:
        os.utime(s, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    reqs = [ImageRequest(s, *box) for s in srcs for box in ((400, 400), (300, 200))]
    first = ImageStage(cache, workers=1).prepare(reqs)
    assert len(first) == 6

    warm = ImageStage(cache, workers=1)
    again = warm.prepare(reqs)
    assert warm.stats.decoded == 0 and warm.stats.cache_hits == 6
    assert again == first

    save(photo((900, 600), seed=9), srcs[1])  # change one file
    third = ImageStage(cache, workers=1)
    res = third.prepare(reqs)
    assert third.stats.decoded == 1 and third.stats.cache_hits == 4
    assert res[reqs[2]].path != first[reqs[2]].path

    # a corrupt entry (empty or cut) is detected and rebuilt
    res[reqs[0]].path.write_bytes(b"")
    res[reqs[1]].path.write_bytes(res[reqs[1]].path.read_bytes()[:100])
    fourth = ImageStage(cache, workers=1)
    res4 = fourth.prepare(reqs)
    assert fourth.stats.decoded == 1
    assert out_image(res4[reqs[0]]).size == (400, 267)
    assert not list(cache.glob(".tmp-*"))

    # a damaged hash index is only a lost speed-up
    stems = [p.path.stem for p in res4.values()]
    for junk in ("{not json", '{"version": 2, "files": []}', '{"version": 2, "files": {"x": 5}}',
                 '{"version": 1, "files": {}}', '{"version": 2, "files": {}, "variants": []}',
                 '{"version": 2, "files": {}, "variants": {"%s": [".jpg", "w", 1, 0, 5], "%s": [".png", 1, 1, 0, 0]}}'
                 % (stems[0], stems[1])):
        (cache / "index.json").write_text(junk)
        assert ImageStage(cache, workers=1).prepare(reqs) == res4


def test_pictures_unused_for_two_weeks_leave_the_cache_at_most_daily(tmp_path):
    """A replaced photo's prepared pictures do not stay in the cache for ever: those no build
    has used for two weeks are removed, with their index entries; a picture a build uses is
    kept however old its file, and the look is made at most once a day."""
    import json

    cache = tmp_path / "cache"
    a = save(photo((900, 600), seed=1), tmp_path / "a.jpg")
    b = save(photo((900, 600), seed=2), tmp_path / "b.jpg")
    for s in (a, b):
        os.utime(s, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    ra, rb = ImageRequest(a, 400, 400), ImageRequest(b, 400, 400)
    first = ImageStage(cache, workers=1).prepare([ra, rb])
    marker = cache / ".pruned"
    assert marker.exists()
    long_ago = first[ra].path.stat().st_mtime - images.KEEP_UNUSED_S - 60
    for prepared in first.values():
        os.utime(prepared.path, (long_ago, long_ago))

    ImageStage(cache, workers=1).prepare([ra])  # b's picture unused, but looked for today already
    assert first[rb].path.exists(), "looked for unused pictures twice in a day"
    os.utime(marker, (long_ago, long_ago))
    # the pictures' times as two weeks of builds that used only a's picture would leave them
    os.utime(first[ra].path, (long_ago, long_ago))
    ImageStage(cache, workers=1, prune=False).prepare([ra])  # a build that asks for some outputs' pictures only
    assert first[rb].path.exists(), "pruned by a build that did not ask for every output's pictures"
    os.utime(first[ra].path, (long_ago, long_ago))
    stage = ImageStage(cache, workers=1)
    again = stage.prepare([ra])
    assert stage.stats.decoded == 0 and again[ra] == first[ra], "a picture in use was removed"
    assert first[ra].path.stat().st_mtime > long_ago + images.KEEP_UNUSED_S, "a used picture's time was not brought forward"
    assert not first[rb].path.exists(), "a picture unused for two weeks was kept"
    variants = json.loads((cache / "index.json").read_text())["variants"]
    assert first[rb].path.stem not in variants and first[ra].path.stem in variants
    later = ImageStage(cache, workers=1)
    assert later.prepare([rb])[rb].path == first[rb].path and later.stats.decoded == 1  # made again when needed


def test_a_damaged_size_in_the_cache_index_is_not_trusted(tmp_path):
    """The index's record of a prepared picture (extension, width, height, alpha, file size)
    is used only when every value is of its kind; else the picture is opened as before."""
    import json

    cache = tmp_path / "cache"
    src = save(photo((900, 600), seed=3), tmp_path / "p.jpg")
    os.utime(src, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    req = ImageRequest(src, 400, 400)
    good = ImageStage(cache, workers=1).prepare([req])[req]
    index = json.loads((cache / "index.json").read_text())
    entry = index["variants"][good.path.stem]
    assert entry[1:3] == [good.width_px, good.height_px]
    for bad in ([entry[0], 0, entry[2], 0, entry[4]], [entry[0], 1.5, entry[2], 0, entry[4]],
                [entry[0], True, True, 0, entry[4]], [entry[0], 10**30, entry[2], 0, entry[4]]):
        index["variants"][good.path.stem] = bad
        (cache / "index.json").write_text(json.dumps(index))
        assert ImageStage(cache, workers=1).prepare([req])[req] == good


def test_identical_files_decode_once(tmp_path, stage):
    a = save(photo((600, 400)), tmp_path / "a.jpg")
    b = tmp_path / "b.jpg"
    b.write_bytes(a.read_bytes())
    got = stage.prepare([ImageRequest(a, 100, 100), ImageRequest(b, 100, 100)])
    assert stage.stats.decoded == 1 and len(got) == 2


def test_process_pool_and_progress(tmp_path):
    srcs = [save(photo((800, 600), seed=i), tmp_path / f"p{i}.jpg") for i in range(4)]
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(srcs[0].read_bytes()[:3000])
    calls = []
    st = ImageStage(tmp_path / "cache", workers=2, progress=lambda d, t: calls.append((d, t)))
    reqs = [ImageRequest(s, 200, 200) for s in srcs + [bad]]
    with pytest.raises(ImageErrors) as e:
        st.prepare(reqs)
    assert [s for s, _ in e.value.errors] == [bad]
    assert len(e.value.prepared) == 4 and st.stats.decoded == 4
    assert calls[-1] == (5, 5)
    for p in e.value.prepared.values():
        assert (p.width_px, p.height_px) == (200, 150)


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="needs fork to patch workers")
def test_worker_crash_blames_only_the_culprit(tmp_path, monkeypatch):
    srcs = [save(photo((400, 300), seed=i), tmp_path / f"p{i}.jpg") for i in range(3)]
    real = images._make_variants

    def crashing(path, variants):
        if path.name == "p1.jpg":
            os._exit(3)  # like a segfault in a decoder
        return real(path, variants)

    monkeypatch.setattr(images, "_make_variants", crashing)
    st = ImageStage(tmp_path / "cache", workers=2)
    with pytest.raises(ImageErrors) as e:
        st.prepare([ImageRequest(s, 100, 100) for s in srcs])
    assert [s for s, _ in e.value.errors] == [srcs[1]]
    assert "crash" in str(e.value.errors[0][1])
    assert len(e.value.prepared) == 2


def test_cmyk_and_grey_jpeg_downsampled_with_draft(tmp_path, stage):
    cmyk = Image.new("CMYK", (1600, 1200), (0, 255, 255, 0))
    grey = Image.new("L", (1600, 1200), 128)
    for im, name, want in ((cmyk, "c.jpg", (255, 0, 0)), (grey, "g.jpg", (128, 128, 128))):
        p = prep_one(stage, save(im, tmp_path / name, quality=95), (300, 300))
        out = out_image(p)
        assert out.size == (300, 225) and out.mode == "RGB"
        assert near(out.getpixel((150, 100)), want, 30)


def test_mutated_files_only_raise_image_errors(tmp_path):
    """Random damage to real files of every accepted format: ImageError or success, nothing else."""
    import random

    rng = random.Random(1)
    base = photo((240, 160))
    blobs = []
    for fmt, im in (("JPEG", base), ("PNG", base.convert("RGBA")), ("WEBP", base), ("GIF", base.quantize(64)),
                    ("TIFF", base), ("BMP", base)):
        buf = io.BytesIO()
        im.save(buf, fmt)
        blobs.append(buf.getvalue())
    st = ImageStage(tmp_path / "cache", workers=1)
    for i in range(150):
        data = bytearray(rng.choice(blobs))
        if i % 3 == 0:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        f = tmp_path / f"m{i}.jpg"
        f.write_bytes(bytes(data))
        for call in (lambda: probe(f), lambda: st.prepare([ImageRequest(f, 100, 100)])):
            try:
                call()
            except (ImageError, ImageErrors):
                pass


def test_line_art_keeps_its_paper_exactly_white(tmp_path):
    from PIL import ImageDraw

    im = Image.new("RGB", (1600, 1000), "white")
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([200, 300, 1400, 800], radius=40, fill=(236, 243, 242), outline=(47, 111, 106), width=8)
    d.ellipse([500, 100, 900, 500], fill=(214, 226, 225), outline=(47, 111, 106), width=8)
    src = save(im, tmp_path / "drawing.png")
    req = ImageRequest(src, 803, 502)
    out = ImageStage(tmp_path / "cache", workers=1).prepare([req])[req]
    assert out.format == "PNG"
    with Image.open(out.path) as got:
        got = got.convert("RGB")
        assert got.getpixel((1, 1)) == (255, 255, 255)
        assert got.getpixel((got.width - 2, got.height - 2)) == (255, 255, 255)


def test_iphone_heic_and_avif_photos_are_read_upright(tmp_path):
    pytest.importorskip("pillow_heif")
    from PIL import features

    im = photo((600, 400))  # landscape with a marker in the top-left corner
    stored = im.transpose(Image.Transpose.ROTATE_90)  # stored sideways, as phones do
    exif = Image.Exif()
    exif[0x0112] = 6
    kinds = ["heic"] + (["avif"] if features.check("avif") else [])
    stage = ImageStage(tmp_path / "cache", workers=1)
    for kind in kinds:
        src = tmp_path / f"phone.{kind}"
        stored.save(src, exif=exif.tobytes(), quality=90)
        assert (probe(src).width_px, probe(src).height_px) == (600, 400), kind
        req = ImageRequest(src, 300, 300)
        out = stage.prepare([req])[req]
        assert (out.width_px, out.height_px) == (300, 200), kind


def test_share_variants_gives_a_box_placed_request_a_larger_print_variant_within_its_limit():
    from builder.images import ImageRequest, share_variants

    src = Path("/x/a.jpg")
    booklet = ImageRequest(src, 1371, 736)  # 1600x1000 fits as 1178x736
    thumb = ImageRequest(src, 277, 185)  # 277x173
    deck = ImageRequest(src, 1022, 553, oversample=2.0)  # 885x553: the booklet's is 1.33x, fine
    small = ImageRequest(src, 392, 294, oversample=2.0)  # 392x245: the booklet's is 3x, too big
    other = ImageRequest(Path("/x/b.jpg"), 1022, 553, oversample=2.0)  # no exact request of its own source
    shared = share_variants([booklet, thumb, deck, small, other], {src: (1600, 1000), Path("/x/b.jpg"): (1600, 1000)})
    assert shared == {booklet: booklet, thumb: thumb, deck: booklet, small: small, other: other}
    assert share_variants([deck, booklet], {})[deck] == deck  # size unknown: nothing shared
