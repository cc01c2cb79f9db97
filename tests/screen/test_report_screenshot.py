"""The HTML report seen by a browser: headless Chromium (Debian's `chromium`) takes a
screenshot of `suivi report --format html`, and the picture is checked in pure
Python (the PNG decoded with zlib and struct): the bars are drawn, in several rows
of several sections, the longest of a section as wide as report_html.c draws it,
the usage sparklines are there, there is text, and the page is neither blank nor a
smear.  The same check rejects the page with its <svg> charts taken out, and the
decoder reads back a PNG written with each of the five scanline filters.  The
page printed to PDF is A4.

Chromium is a test package (tools/deps.sh test).  Without it these tests are
skipped, unless SUIVI_REQUIRE_CHROMIUM=1 (CI sets it, .ci/run): then they fail.
SUIVI_CHROMIUM names another browser binary; SUIVI_KEEP_SCREENSHOT=FILE keeps a copy
of the report's screenshot, to look at."""
import os
import pathlib
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib

import pytest

from conftest import TODAY, base_env, run_cli

WIDTH, HEIGHT = 1000, 1400
BAR = (0x3A, 0x6E, 0xA5)    # report_html.c: the bars' fill, the sparklines' stroke
BAR_W, BAR_H = 240, 12      # report_html.c: the longest bar, a bar's height (CSS px)
TEXT = 0x11                 # report_html.c: body { color: #111 }
CHROMIUM_TIMEOUT = 60       # seconds, then it is killed; it takes about 1 s


# ---- PNG, decoded by hand --------------------------------------------------------------
class Image:
    """An 8-bit PNG as rows of RGB triples (alpha composed over white)."""

    def __init__(self, width, height, rows):
        self.width, self.height, self.rows = width, height, rows


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data):
    """Decode a non-interlaced 8-bit greyscale, RGB, palette, grey+alpha or RGBA PNG
    (Chromium writes RGBA); every filter type of the IDAT scanlines (0-4)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, palette, hdr = 8, [], None, None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError("bad CRC in chunk %r" % kind)
        pos += 12 + length
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if hdr is None:
        raise ValueError("no IHDR")
    width, height, depth, ctype, _comp, _filt, interlace = hdr
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError("unsupported PNG: depth %d, colour type %d, interlace %d"
                         % (depth, ctype, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    if len(raw) < height * (stride + 1):
        raise ValueError("IDAT too short")
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        bpp = channels
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, prev[i], up_left)) & 0xFF
        elif ftype != 0:
            raise ValueError("bad filter type %d on row %d" % (ftype, y))
        rows.append(_to_rgb(line, ctype, palette))
        prev = line
    return Image(width, height, rows)


def _over_white(v, a):
    return (v * a + 255 * (255 - a) + 127) // 255


def _to_rgb(line, ctype, palette):
    if ctype == 2:
        return [tuple(line[i:i + 3]) for i in range(0, len(line), 3)]
    if ctype == 6:
        return [tuple(_over_white(line[i + c], line[i + 3]) for c in range(3))
                for i in range(0, len(line), 4)]
    if ctype == 0:
        return [(v, v, v) for v in line]
    if ctype == 4:
        return [(_over_white(line[i], line[i + 1]),) * 3 for i in range(0, len(line), 2)]
    return [palette[v] for v in line]


# ---- what the picture must show ------------------------------------------------------------
def is_bar(p, tol=10):
    """The bars' fill, give or take rounding."""
    return all(abs(p[c] - BAR[c]) <= tol for c in range(3))


def is_bar_ink(p):
    """The bar colour laid over white at half coverage or more: the anti-aliased
    2-pixel stroke of a sparkline as well as a bar."""
    cover = [(255 - p[c]) / (255 - BAR[c]) for c in range(3)]
    return min(cover) >= 0.5 and max(cover) - min(cover) <= 0.15 and max(cover) <= 1.05


def runs(flags):
    """(start, length) of each run of consecutive true values."""
    out, start = [], None
    for i, f in enumerate(list(flags) + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i - start))
            start = None
    return out


def chart_problems(img, width=WIDTH, height=HEIGHT):
    """What is wrong with a screenshot of the report, as a list of sentences (empty:
    the charts are drawn).  Thresholds, with what the demo's report of 2026-11 shows
    at 1000x1400 (39 bars, 5 sparklines):
      - the image is the size asked for;
      - 1% to 35% of the pixels are not white: neither a blank page nor a smear
        (the demo: 7.8%);
      - >= 0.2% of the pixels are near #111: the text was rendered, a font was
        found (the demo: 1.6%);
      - >= 0.5% of the pixels are the bar fill #3a6ea5 (the demo: 3.5%);
      - >= 10 bars: separate solid rectangles of that colour 10-14 rows high (a bar
        is 12 px), the same columns on every row, with a gap above and below;
      - >= 3 of them 230 px wide or more: the longest bar of a section is 240 px,
        so the bars are scaled section by section (the demo: 7 in view);
      - >= 2 sparklines: bands of bar-coloured ink (anti-aliasing included) 6-26
        rows high (the SVG is 24 px), spanning >= 150 px (it is 180 px), covering
        less than 40% of their bounding box: a line, not a bar."""
    problems = []
    if (img.width, img.height) != (width, height):
        problems.append("image is %dx%d, not %dx%d" % (img.width, img.height, width, height))
    total = img.width * img.height
    # One pass, each colour classified once: not white, dark (text), bar fill, ink.
    kinds, count = {}, [0] * 16
    per_row, ink_rows = [], []
    for row in img.rows:
        bar_xs, ink_xs = [], []
        for x, p in enumerate(row):
            k = kinds.get(p)
            if k is None:
                k = kinds[p] = ((min(p) < 250) | (max(p) <= TEXT + 40) << 1
                                | is_bar(p) << 2 | is_bar_ink(p) << 3)
            if k:
                count[k] += 1
                if k & 4:
                    bar_xs.append(x)
                if k & 8:
                    ink_xs.append(x)
        per_row.append(bar_xs)
        ink_rows.append(ink_xs)
    ink = sum(n for k, n in enumerate(count) if k & 1) / total
    if not 0.01 <= ink <= 0.35:
        problems.append("%.1f%% of the pixels are not white (want 1%% to 35%%)" % (100 * ink))
    dark = sum(n for k, n in enumerate(count) if k & 2)
    if dark < total * 0.002:
        problems.append("almost no text: %.2f%% dark pixels (want >= 0.2%%)"
                        % (100 * dark / total))
    fill = sum(len(xs) for xs in per_row)
    if fill < total * 0.005:
        problems.append("%.2f%% of the pixels are the bar colour #%02x%02x%02x (want >= 0.5%%)"
                        % ((100 * fill / total,) + BAR))
    bars = []
    for y0, h in runs(bool(xs) for xs in per_row):
        extents = {(xs[0], xs[-1], len(xs)) for xs in per_row[y0:y0 + h]}
        if BAR_H - 2 <= h <= BAR_H + 2 and len(extents) == 1:
            x0, x1, n = extents.pop()
            if n == x1 - x0 + 1:
                bars.append(n)
    if len(bars) < 10:
        problems.append("%d bars (solid rectangles of the bar colour %d+-2 px high), want >= 10"
                        % (len(bars), BAR_H))
    full = sum(1 for w in bars if w >= BAR_W - 10)
    if full < 3:
        problems.append("%d bars at least %d px wide (a section's longest), want >= 3"
                        % (full, BAR_W - 10))
    sparks = 0
    for y0, h in runs(bool(xs) for xs in ink_rows):
        xs = [x for r in ink_rows[y0:y0 + h] for x in r]
        span = max(xs) - min(xs) + 1
        if 6 <= h <= 26 and span >= 150 and len(xs) < 0.4 * span * h:
            sparks += 1
    if sparks < 2:
        problems.append("%d sparklines (thin bands of bar-coloured ink), want >= 2" % sparks)
    return problems


# ---- Chromium ----------------------------------------------------------------------------
def chromium():
    """The browser's path; skipped without it, failed when SUIVI_REQUIRE_CHROMIUM=1."""
    path = os.environ.get("SUIVI_CHROMIUM") or shutil.which("chromium")
    if path and os.access(path, os.X_OK):
        return path
    why = "no chromium (Debian package chromium; make test-deps installs it)"
    if os.environ.get("SUIVI_REQUIRE_CHROMIUM") == "1":
        pytest.fail(why + ", and SUIVI_REQUIRE_CHROMIUM=1", pytrace=False)
    pytest.skip(why)


def run_chromium(page, out_arg, extra=()):
    """Headless Chromium on a local file, offline, in a profile of its own; killed with
    all its processes if it takes longer than CHROMIUM_TIMEOUT."""
    # Its profile in a short path of its own: Chromium's singleton socket lives in
    # TMPDIR, and a Unix socket's path is at most 107 bytes (pytest's are longer).
    profile = tempfile.mkdtemp(prefix="suivi-chromium-")
    try:
        return _run_chromium(page, out_arg, profile, extra)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _run_chromium(page, out_arg, profile, extra):
    home = os.path.join(profile, "home")
    os.makedirs(home)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "XDG_CONFIG_HOME": os.path.join(home, ".config"),
           "XDG_CACHE_HOME": os.path.join(home, ".cache"),
           "TMPDIR": profile, "LANG": "C.UTF-8", "TZ": "Europe/Paris",
           "DBUS_SESSION_BUS_ADDRESS": "disabled:"}
    argv = [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage",          # a container's /dev/shm is small
            "--user-data-dir=" + os.path.join(profile, "data"),
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--metrics-recording-only",
            "--disable-features=Translate,MediaRouter,OptimizationHints",
            # No network: every host name fails to resolve.  The page needs none.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--force-device-scale-factor=1", "--hide-scrollbars",
            out_arg] + list(extra) + [pathlib.Path(page).resolve().as_uri()]
    log = os.path.join(profile, "chromium.log")
    with open(log, "wb") as err:
        p = subprocess.Popen(argv, env=env, cwd=profile, stdin=subprocess.DEVNULL,
                             stdout=err, stderr=err, start_new_session=True)
        try:
            rc = p.wait(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            rc = None
        finally:
            # Its helpers (zygote, renderer, utility) share its process group.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if p.poll() is None:
                p.wait(5)
    with open(log, "rb") as f:
        text = f.read().decode(errors="replace")
    lines = [l for l in text.splitlines() if "dbus" not in l]
    assert rc is not None, "chromium still running after %d s:\n%s" % (
        CHROMIUM_TIMEOUT, "\n".join(lines[-20:]))
    assert rc == 0, "chromium status %d:\n%s" % (rc, "\n".join(lines[-20:]))
    return text


def screenshot(page, tmp):
    out = os.path.join(tmp, os.path.basename(page) + ".png")
    run_chromium(page, "--screenshot=" + out, ["--window-size=%d,%d" % (WIDTH, HEIGHT)])
    assert os.path.getsize(out) > 0, "no screenshot written"
    with open(out, "rb") as f:
        return out, decode_png(f.read())


def html_report(db, tmp):
    r = run_cli(["report", "--db", db, "--period", TODAY[:7], "--format", "html"],
                base_env(tmp))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("<svg") >= 20, "the report has few charts:\n" + r.stdout[:2000]
    page = os.path.join(tmp, "report.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(r.stdout)
    return page, r.stdout


# ---- the tests -------------------------------------------------------------------------------
def test_a_screenshot_of_the_html_report_shows_its_charts(db, tmp_path):
    chromium()
    tmp = str(tmp_path)
    page, _ = html_report(db, tmp)
    start = time.monotonic()
    png, img = screenshot(page, tmp)
    took = time.monotonic() - start
    keep = os.environ.get("SUIVI_KEEP_SCREENSHOT")
    if keep:
        shutil.copyfile(png, keep)
    problems = chart_problems(img)
    assert not problems, "screenshot %s (%.1f s):\n  %s" % (png, took, "\n  ".join(problems))


def test_the_check_rejects_the_report_without_its_charts(db, tmp_path):
    chromium()
    tmp = str(tmp_path)
    _, text = html_report(db, tmp)
    bare = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.S)
    assert "<svg" not in bare and bare.count("<tr>") == text.count("<tr>")
    page = os.path.join(tmp, "bare.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(bare)
    _, img = screenshot(page, tmp)
    problems = chart_problems(img)
    assert any("bars" in p for p in problems), problems
    assert any("sparklines" in p for p in problems), problems
    # The text is still there: only the charts are missing.
    assert not any("text" in p or "not white" in p for p in problems), problems


def test_the_html_report_prints_on_a4(db, tmp_path):
    chromium()
    tmp = str(tmp_path)
    page, _ = html_report(db, tmp)
    pdf = os.path.join(tmp, "report.pdf")
    run_chromium(page, "--print-to-pdf=" + pdf, ["--no-pdf-header-footer"])
    with open(pdf, "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF-"), data[:20]
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.\s]+)\]", data)
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert boxes and pages >= 1, "no page in the PDF"
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box.split())
        # A4 is 595.28 x 841.89 pt; Chromium rounds the page to whole CSS pixels.
        assert (x0, y0) == (0, 0) and abs(x1 - 595.3) < 1.5 and abs(y1 - 841.9) < 1.5, box


def _png(width, height, ctype, rows, filters):
    """A PNG of the given pixel rows (bytes), row y filtered with filters[y]."""
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    out, prev = bytearray(), bytearray(width * bpp)
    for y, line in enumerate(rows):
        f = filters[y % len(filters)]
        enc = bytearray(len(line))
        for i, v in enumerate(line):
            left = line[i - bpp] if i >= bpp else 0
            up_left = prev[i - bpp] if i >= bpp else 0
            pred = [0, left, prev[i], (left + prev[i]) >> 1,
                    _paeth(left, prev[i], up_left)][f]
            enc[i] = (v - pred) & 0xFF
        out += bytes([f]) + enc
        prev = bytearray(line)

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, ctype, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(out))) + chunk(b"IEND", b""))


def test_the_png_decoder_reads_every_filter_type():
    w, h = 7, 10
    rgb = [[((x * 37 + y * 11) % 256, (x * y * 5) % 256, (255 - x * 29 - y) % 256)
            for x in range(w)] for y in range(h)]
    rows = [bytes(c for p in r for c in p) for r in rgb]
    img = decode_png(_png(w, h, 2, rows, [0, 1, 2, 3, 4]))
    assert (img.width, img.height) == (w, h) and img.rows == rgb
    # RGBA, composed over white: opaque on even columns, transparent on odd ones.
    rgba = [bytes(c for x, p in enumerate(r) for c in p + ((255, 0)[x % 2],)) for r in rgb]
    img = decode_png(_png(w, h, 6, rgba, [4, 3, 2, 1, 0]))
    assert all(img.rows[y][x] == (rgb[y][x] if x % 2 == 0 else (255, 255, 255))
               for y in range(h) for x in range(w))
    grey = [bytes((x * 40 + y) % 256 for x in range(w)) for y in range(h)]
    img = decode_png(_png(w, h, 0, grey, [3, 4, 1]))
    assert img.rows == [[(v, v, v) for v in r] for r in grey]
    bad = bytearray(_png(w, h, 0, grey, [0]))
    bad[-20] ^= 1
    with pytest.raises(ValueError):
        decode_png(bytes(bad))
