"""Runtime hook: stand in for PySide6.QtOpenGL, whose bindings (8.5 MB) the bundle leaves out.

pyqtgraph 0.14 imports QtOpenGL at module level in PlotCurveItem and PColorMeshItem, but uses
it only when drawing with OpenGL (pyqtgraph's ``useOpenGL`` option), which Tracepair never turns
on. ``importlib.import_module`` finds this placeholder in ``sys.modules``; any attribute read
raises AttributeError naming the cause, so a future use of QtOpenGL fails loudly, not silently.
"""

import sys
import types


class _NotBundled(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"PySide6.QtOpenGL.{name}: QtOpenGL is not in this bundle "
                             "(see packaging/tracepair.spec)")


sys.modules.setdefault("PySide6.QtOpenGL", _NotBundled("PySide6.QtOpenGL"))
