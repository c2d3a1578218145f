"""Which native libraries a Linux bundle ships, leaves to the host, or must not miss.

Shared by the PyInstaller spec (what to drop) and build.py (checking that what remains is whole).
"""

from __future__ import annotations

# Qt plugins for embedded devices, OpenGL and image formats a screenplay never contains. The GTK
# platform theme goes too: it drags GTK, cairo and pango in, which must come from the host to match
# its theme engines; Qt's own style and the XDG desktop portal theme remain.
DROP_QT_PLUGINS = (
    "egldeviceintegrations/", "generic/", "xcbglintegrations/", "wayland-graphics-integration-client/",
    "platformthemes/libqgtk3", "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqvnc",
    "platforms/libqvkkhrdisplay", "platforms/libqminimalegl", "imageformats/libqtiff",
    "imageformats/libqwebp", "imageformats/libqtga", "imageformats/libqwbmp", "imageformats/libqicns",
)  # fmt: skip

# Libraries every Linux desktop has and that must match the host (graphics drivers, X/Wayland,
# fonts, the C++ runtime): AppImage's excludelist (AppImageCommunity/pkg2appimage), same reasons;
# PyInstaller itself leaves libwayland-* to the host for the same reason.
HOST_LIBS = (
    "libstdc++.so", "libgcc_s.so", "libGL.so", "libEGL.so", "libGLX.so", "libGLdispatch.so",
    "libOpenGL.so", "libdrm.so", "libgbm.so", "libglapi.so", "libxcb.so.1", "libX11.so", "libX11-xcb.so",
    "libxcb-dri2.so", "libxcb-dri3.so", "libwayland-", "libasound.so", "libfontconfig.so",
    "libfreetype.so", "libharfbuzz.so", "libfribidi.so", "libcom_err.so", "libexpat.so", "libgpg-error.so",
    "libICE.so", "libSM.so", "libusb-1.0.so", "libuuid.so", "libz.so", "libgmp.so",
    # glibc itself
    "libc.so", "libm.so", "libdl.so", "librt.so", "libpthread.so", "libutil.so", "libresolv.so",
    "libanl.so", "ld-linux",
)  # fmt: skip

# Debian/Ubuntu packages for libraries Qt's platform plugins need that a minimal build machine
# may lack (PyInstaller can only bundle what is installed where it runs).
DEBIAN_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}


def is_host_lib(name: str) -> bool:
    return any(name.startswith(lib) for lib in HOST_LIBS)
