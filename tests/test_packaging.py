"""Packaging: the Linux bundle really runs without Python; the installers' inputs are valid.

The slow test builds the onedir bundle with PyInstaller into a temporary folder and
runs its self-test with PATH=/usr/bin:/bin and no PYTHONPATH or venv, as a user's
desktop would start it. The fast tests check what can be checked here of the
Windows and macOS installers: icons, Info.plist, the Inno Setup script, the workflow.
"""

from __future__ import annotations

import ast
import importlib.util
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import tracepair
from tracepair.cli import selftest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"
ISS = PACKAGING / "windows" / "tracepair.iss"
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


metadata = _load("metadata", PACKAGING / "metadata.py")
build_bundle = _load("build_bundle", PACKAGING / "build_bundle.py")
icu_trim = _load("icu_trim", PACKAGING / "icu_trim.py")


# ---------------------------------------------------------------- icons


def test_png_icons_decode_at_their_sizes(qapp):
    from PySide6.QtGui import QImage

    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        image = QImage(str(ICONS / f"tracepair-{size}.png"))
        assert (image.width(), image.height()) == (size, size), size
        assert image.hasAlphaChannel()
        # the corners are transparent (rounded square) and the centre is not
        assert image.pixelColor(0, 0).alpha() == 0
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_holds_every_windows_size_and_each_decodes(qapp):
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(ICONS / "tracepair.ico"))
    sizes = []
    for i in range(reader.imageCount()):
        assert reader.jumpToImage(i)
        image = reader.read()
        assert not image.isNull(), f"entry {i}: {reader.errorString()}"
        assert image.width() == image.height()
        sizes.append(image.width())
    assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]


def test_icns_container_is_well_formed_and_each_png_has_its_size(qapp):
    from PySide6.QtGui import QImage

    data = (ICONS / "tracepair.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    expected = dict(
        [(b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256),
         (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024)]
    )
    found = {}
    pos = 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        assert length >= 8 and pos + length <= len(data), kind
        if kind != b"TOC ":
            image = QImage.fromData(data[pos + 8:pos + length], "PNG")
            found[kind] = image.width()
            assert image.width() == image.height()
        pos += length
    assert found == expected


# ---------------------------------------------------------------- metadata, plist


def test_info_plist_round_trips_and_has_what_macos_reads():
    plist = plistlib.loads(plistlib.dumps(metadata.info_plist(metadata.version())))
    assert plist["CFBundleIdentifier"] == "org.tracepair.Tracepair"
    assert plist["CFBundleShortVersionString"] == tracepair.__version__
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False  # follows dark mode
    extensions = {e for t in plist["CFBundleDocumentTypes"] for e in t["CFBundleTypeExtensions"]}
    assert {"json", "jsonl"} <= extensions
    declared = {t["UTTypeIdentifier"] for t in plist["UTImportedTypeDeclarations"]}
    used = {u for t in plist["CFBundleDocumentTypes"] for u in t["LSItemContentTypes"]}
    assert used - {"public.json"} <= declared  # every non-system type used is declared
    assert (ICONS / plist["CFBundleIconFile"]).is_file()


def test_entitlements_plist_parses():
    with open(PACKAGING / "macos" / "entitlements.plist", "rb") as f:
        entitlements = plistlib.load(f)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_windows_version_resource_carries_the_app_version():
    text = metadata.windows_version_text("1.2.3rc1")
    ast.parse(text)  # PyInstaller evaluates it as a Python expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3rc1')" in text
    assert metadata.version_tuple("0.10.2") == (0, 10, 2, 0)


# ---------------------------------------------------------------- Inno Setup


def parse_iss(path: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``#define`` values and each section's non-comment lines."""
    defines: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if m := re.match(r'#define\s+(\w+)\s+"(.*)"$', line):
            defines.setdefault(m.group(1), m.group(2))
        elif m := re.match(r"\[(\w+)\]$", line):
            current = m.group(1)
            sections[current] = []
        elif current and not line.startswith("#"):
            sections[current].append(line)
    return defines, sections


def iss_entries(lines: list[str]) -> list[dict[str, str]]:
    """``Name: "x"; Flags: y`` lines as dicts."""
    out = []
    for line in lines:
        parts = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]+)', line)
        out.append({k: v.strip().strip('"') for k, v in parts})
    return out


def expand(value: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], value)


def test_iss_setup_section_makes_the_named_installer():
    defines, sections = parse_iss(ISS)
    assert defines["AppVersion"] == tracepair.__version__
    assert defines["GuiExe"] == f"{metadata.GUI_EXE_NAME}.exe"
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    for key in ("AppId", "AppName", "AppVersion", "DefaultDirName", "OutputBaseFilename",
                "SetupIconFile", "UninstallDisplayIcon", "ChangesAssociations"):
        assert key in setup, key
    assert expand(setup["OutputBaseFilename"], defines) == f"Tracepair-Setup-{tracepair.__version__}"
    assert (ISS.parent / setup["SetupIconFile"].replace("\\", "/")).resolve() == ICONS / "tracepair.ico"
    assert (ISS.parent / defines["BundleDir"].replace("\\", "/")).resolve() == REPO / "dist" / "tracepair"


def test_iss_start_menu_uninstaller_and_optional_association():
    defines, sections = parse_iss(ISS)
    icons = iss_entries(sections["Icons"])
    assert any(i["Name"].startswith("{group}") and i["Filename"] == "{app}\\{#GuiExe}" for i in icons)
    assert any(i["Filename"] == "{uninstallexe}" for i in icons)
    tasks = {t["Name"]: t for t in iss_entries(sections["Tasks"])}
    assert "unchecked" in tasks["associate"]["Flags"]  # opt-in
    registry = iss_entries(sections["Registry"])
    assert registry and all(r["Tasks"] == "associate" for r in registry)
    subkeys = {expand(r["Subkey"], defines) for r in registry}
    assert "Software\\Classes\\.jsonl" in subkeys
    assert "Software\\Classes\\.json\\OpenWithProgids" in subkeys


# ---------------------------------------------------------------- workflow


def test_release_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint not installed (pip install -e '.[test]')"
    result = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_release_workflow_covers_three_systems_and_self_tests():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "os: [windows-latest, macos-latest, ubuntu-latest]" in text
    assert "packaging/build_bundle.py --archive" in text  # builds and self-tests
    assert "packaging\\windows\\tracepair.iss" in text
    assert "packaging/macos/build_dmg.sh" in text


# ---------------------------------------------------------------- slimming the bundle

QT_LIB = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"
WHEEL_ICU = sorted(QT_LIB.glob("libicudata.so.*"))

#: Every ICU service QtCore calls, exercised from Python (QStringDecoder last: its tables are dropped).
ICU_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
for loc, words in (("de_DE", ["Zebra", "Äpfel", "apfel", "Bär"]), ("sv_SE", ["ö", "z", "a", "å"]),
                   ("zh_CN", ["中", "啊", "波"])):
    print(loc, sorted(words, key=QCollator(QLocale(loc)).sortKey))
print(QLocale("tr_TR").toUpper("istanbul"), QLocale("tr_TR").toLower("I"), QLocale("de_DE").toUpper("straße"))
for loc in ("en_US", "de_DE", "ja_JP"):
    print(QTimeZone(b"Europe/Berlin").displayName(QTimeZone.TimeType.StandardTime,
                                                  QTimeZone.NameType.LongName, QLocale(loc)))
print([QStringDecoder(e).isValid() for e in ("UTF-8", "UTF-16LE", "latin1", "Shift_JIS", "GB18030")])
"""


def run_probe(library_dir: Path | None) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    if library_dir:  # ahead of QtCore's RUNPATH ($ORIGIN), so the trimmed libicudata is the one loaded
        env["LD_LIBRARY_PATH"] = str(library_dir)
    result = subprocess.run([sys.executable, "-c", ICU_PROBE], env=env, capture_output=True, text=True,
                            encoding="utf-8", check=True)
    return result.stdout.splitlines()


@pytest.mark.skipif(not WHEEL_ICU, reason="this PySide6 wheel brings no ICU (only Linux wheels do)")
def test_icu_package_round_trips_byte_for_byte():
    _symbol, offset, size = icu_trim.elf_symbol(WHEEL_ICU[0], r"icudt\d+_dat")
    with open(WHEEL_ICU[0], "rb") as f:
        f.seek(offset)
        blob = f.read(size)
    header, items = icu_trim.read_package(blob)
    assert len(items) > 1000 and any(name.endswith("/coll/de.res") for name, _ in items)
    assert icu_trim.write_package(header, items) == blob


@pytest.mark.skipif(not WHEEL_ICU or not shutil.which("cc"), reason="needs the Linux wheel's ICU and cc")
def test_trimmed_icu_keeps_collation_casing_and_zone_names_and_drops_only_codec_tables(tmp_path):
    lib = icu_trim.trimmed_library(WHEEL_ICU[0], tmp_path)
    assert lib.stat().st_size < WHEEL_ICU[0].stat().st_size / 2
    full, trimmed = run_probe(None), run_probe(tmp_path)
    assert full[0].startswith("de_DE") and "İSTANBUL ı STRASSE" in full  # the probe really ran
    assert trimmed[:-1] == full[:-1]  # collation (de, sv, zh), Turkish/German casing, zone names
    assert full[-1] == "[True, True, True, True, True]"
    assert trimmed[-1] == "[True, True, True, False, False]"  # built-in codecs stay; table codecs go


def test_pyqtgraph_draws_with_the_qtopengl_placeholder(tmp_path):
    """What the bundle runs: the runtime hook first, then pyqtgraph, with no QtOpenGL bindings."""
    png = tmp_path / "plot.png"
    code = f"""
import runpy, sys
runpy.run_path({str(PACKAGING / "hooks" / "rthook_no_qtopengl.py")!r})
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
w = pg.PlotWidget(); w.resize(200, 150); w.plot([0, 1, 2, 3], [0, 3, 1, 2], pen="r"); w.show(); app.processEvents()
w.grab().save({str(png)!r})
try:
    sys.modules["PySide6.QtOpenGL"].QOpenGLBuffer
except AttributeError as e:
    print("placeholder:", e)
"""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "QtOpenGL is not in this bundle" in result.stdout
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    red = sum(1 for x in range(image.width()) for y in range(image.height())
              if image.pixelColor(x, y).red() > 200 and image.pixelColor(x, y).green() < 80)
    assert red > 20  # the curve was drawn


# ---------------------------------------------------------------- self-test


def test_png_check_rejects_a_blank_window(tmp_path, qapp):
    from PySide6.QtGui import QColor, QImage

    blank = QImage(280, 180, QImage.Format.Format_ARGB32)
    blank.fill(QColor("#202020"))
    blank.save(str(tmp_path / "blank.png"))
    with pytest.raises(ValueError, match="blank"):
        selftest.check_png(tmp_path / "blank.png", (140, 90), 2.0)
    with pytest.raises(ValueError, match="expected"):
        selftest.check_png(tmp_path / "blank.png", (1400, 900), 2.0)


# ---------------------------------------------------------------- the Linux bundle


def source_analyses() -> list[str]:
    """The analyses whose module exists in this checkout: the bundle must run each one."""
    return [name for name, module, _ in selftest.ANALYSES
            if (REPO / "desktop" / Path(*module.split("."))).with_suffix(".py").is_file()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle is built here on Linux; the release workflow builds the others")
    root = tmp_path_factory.mktemp("bundle")
    bundle = build_bundle.build(root / "dist", root / "build")
    return root, bundle


@pytest.mark.slow
def test_linux_bundle_self_test_passes_without_python(built, tmp_path):
    _root, bundle = built
    result = build_bundle.self_test(bundle, home=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "(bundle, linux)" in out  # it ran frozen, not from the checkout
    assert re.search(r"^\d+ passed, 0 failed", out, re.MULTILINE), out
    for name in ("samples", "resources", "wordfreq", "encoding", "window", "icon", *source_analyses()):
        assert re.search(rf"^ok\s+{name}\b", out, re.MULTILINE), f"{name} did not pass:\n{out}"
    assert str(bundle) in out  # resources came from inside the bundle


@pytest.mark.slow
def test_linux_bundle_leaves_out_what_the_app_does_not_use(built):
    _root, bundle = built
    names = {p.name for p in bundle.rglob("*")}
    for unused in ("libQt6Network.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6",
                   "libqgtk3.so", "libqvnc.so", "libgtk-3.so.0", "libcairo.so.2",
                   "QtOpenGL.abi3.so", "libssl.so.3", "libcrypto.so.3", "libreadline.so.8", "peegee.svg"):
        assert unused not in names, unused
    assert not any(n.endswith(".qm") for n in names)  # no Qt translations
    assert "libqxcb.so" in names and "libqoffscreen.so" in names
    (icu,) = bundle.rglob("PySide6/Qt/lib/libicudata.so.*")
    assert icu.stat().st_size < 15e6  # the trimmed ICU data, not the wheel's 31 MB


@pytest.mark.slow
def test_linux_bundle_has_the_word_lists_rarity_reads_for_english_and_cjk(built):
    """The bundle must score a word as the checkout does: the same "best" list per language."""
    import wordfreq

    from tracepair.core.text.rarity import CJK_LANGS

    _root, bundle = built
    (data,) = bundle.rglob("wordfreq/data")
    source = Path(wordfreq.__file__).parent / "data"
    for lang in ("en", *CJK_LANGS):
        best = "large" if (source / f"large_{lang}.msgpack.gz").is_file() else "small"
        shipped = data / f"{best}_{lang}.msgpack.gz"
        assert shipped.read_bytes() == (source / shipped.name).read_bytes(), lang
    assert not list(data.glob("*_fr.msgpack.gz"))  # languages no command reaches stay out


@pytest.mark.slow
def test_linux_bundle_is_under_150_mb_on_disk(built):
    _root, bundle = built
    used = subprocess.run(["du", "-sk", str(bundle)], capture_output=True, text=True, check=True)
    assert int(used.stdout.split()[0]) < 150 * 1024  # what `du -sh` shows as 150M


@pytest.mark.slow
def test_linux_download_installs_per_user_and_runs(built, tmp_path):
    root, bundle = built
    archive = build_bundle.linux_archive(bundle, root)
    assert archive.stat().st_size < 150e6  # what a user downloads
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "x", filter="tar")
    (top,) = (tmp_path / "x").iterdir()
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFIX": str(prefix)}
    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, capture_output=True)
    version = subprocess.run([str(prefix / "bin" / "tracepair"), "--version"], env=env,
                             capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"tracepair {tracepair.__version__}"
    desktop = (prefix / "share" / "applications" / "tracepair.desktop").read_text()
    assert f"Exec={prefix}/bin/tracepair %F" in desktop
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / "tracepair.png").is_file()
