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
                   "libqgtk3.so", "libqvnc.so", "libgtk-3.so.0", "libcairo.so.2"):
        assert unused not in names, unused
    assert not any(n.endswith(".qm") for n in names)  # no Qt translations
    assert "libqxcb.so" in names and "libqoffscreen.so" in names


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
