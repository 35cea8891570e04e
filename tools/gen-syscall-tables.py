#!/usr/bin/env python3
"""Generate src/Recorder/Syscalls/Tables/<arch>.tsv from libseccomp.

libseccomp is the authority runc itself uses to compile profiles, so naming
(arch, nr) with its tables keeps recordings and generated profiles in agreement
with what runc will accept. Only number -> name is queried: libseccomp's
name -> number answers with negative pseudo-syscalls for the multiplexed
socketcall/ipc calls on x86, which are not numbers the kernel ever reports.

Each table is a data file of "nr<TAB>name" lines sorted by number, one line per
known call, so a new kernel's calls show up as added lines in the diff. The files
are embedded in the assembly; SyscallTable.cs reads them into the dense arrays the
notification path indexes, once at start (data, not code: five arches' tables are
not five copies of one C# method).

Usage:
    python3 tools/gen-syscall-tables.py            # rewrite the tables
    python3 tools/gen-syscall-tables.py --check    # exit 1 if they are stale
"""

import argparse
import ctypes
import ctypes.util
import pathlib
import re
import sys

GENERATOR = "tools/gen-syscall-tables.py"
OUT_DIR = pathlib.Path("src/Recorder/Syscalls/Tables")

# __X32_SYSCALL_BIT: libseccomp numbers x32 calls with it set; the tables are
# indexed with it cleared, as ArchDecoder hands them out.
X32_SYSCALL_BIT = 0x40000000

# ARM's private syscalls (__ARM_NR_BASE = 0x0f0000, arch/arm/include/uapi/asm/unistd.h).
ARM_PRIVATE_BASE = 0x0F0000
ARM_PRIVATE_END = 0x0F0100

SCAN_LIMIT = 1024
# A name this close to SCAN_LIMIT means the kernel grew and the scan may be cutting it off.
SCAN_HEADROOM = 128

NAME_PATTERN = re.compile(r"^[a-z0-9_]+$")


class Arch:
    def __init__(self, seccomp_name, audit_arch, base=0, private=None):
        self.seccomp_name = seccomp_name
        self.audit_arch = audit_arch
        self.base = base
        self.private = private


ARCHES = [
    Arch("x86_64", "AUDIT_ARCH_X86_64 (0xC000003E)"),
    Arch("x86", "AUDIT_ARCH_I386 (0x40000003)"),
    Arch("x32", "AUDIT_ARCH_X86_64 (0xC000003E) with nr & 0x40000000",
         base=X32_SYSCALL_BIT),
    Arch("aarch64", "AUDIT_ARCH_AARCH64 (0xC00000B7)"),
    Arch("arm", "AUDIT_ARCH_ARM (0x40000028)",
         private=(ARM_PRIVATE_BASE, ARM_PRIVATE_END)),
]


class SeccompVersion(ctypes.Structure):
    _fields_ = [("major", ctypes.c_uint), ("minor", ctypes.c_uint), ("micro", ctypes.c_uint)]


class Libseccomp:
    def __init__(self):
        try:
            self._lib = ctypes.CDLL("libseccomp.so.2")
        except OSError as e:
            sys.exit(f"{GENERATOR}: cannot load libseccomp.so.2 ({e}); install Debian's libseccomp2")
        self._libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        self._libc.free.argtypes = [ctypes.c_void_p]
        self._libc.free.restype = None

        self._lib.seccomp_version.argtypes = []
        self._lib.seccomp_version.restype = ctypes.POINTER(SeccompVersion)
        self._lib.seccomp_arch_resolve_name.argtypes = [ctypes.c_char_p]
        self._lib.seccomp_arch_resolve_name.restype = ctypes.c_uint32
        # restype c_void_p, not c_char_p: ctypes would copy a c_char_p and lose the pointer we must free.
        self._lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32, ctypes.c_int]
        self._lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p

    def version(self):
        v = self._lib.seccomp_version().contents
        return f"{v.major}.{v.minor}.{v.micro}"

    def arch_token(self, name):
        token = self._lib.seccomp_arch_resolve_name(name.encode("ascii"))
        if token == 0:
            sys.exit(f"{GENERATOR}: libseccomp does not know arch {name!r}")
        return token

    def syscall_name(self, token, nr):
        p = self._lib.seccomp_syscall_resolve_num_arch(token, nr)
        if not p:
            return None
        try:
            return ctypes.string_at(p).decode("ascii")
        finally:
            self._libc.free(p)


def scan(lib, arch):
    """Return [(nr, name)] sorted by number: the main range, then (arm) the private range."""
    token = lib.arch_token(arch.seccomp_name)
    found = []
    for nr in range(SCAN_LIMIT):
        name = lib.syscall_name(token, arch.base + nr)
        if name is not None:
            found.append((nr, name))
    private = []
    if arch.private is not None:
        for nr in range(*arch.private):
            name = lib.syscall_name(token, nr)
            if name is not None:
                private.append((nr, name))

    if not found:
        sys.exit(f"{GENERATOR}: libseccomp resolved no syscalls for {arch.seccomp_name}")
    top = found[-1][0]
    if top >= SCAN_LIMIT - SCAN_HEADROOM:
        sys.exit(f"{GENERATOR}: {arch.seccomp_name} has nr {top}, close to the scan limit "
                 f"{SCAN_LIMIT}; raise SCAN_LIMIT")
    entries = found + private
    names = [name for _, name in entries]
    for name in names:
        if not NAME_PATTERN.match(name):
            sys.exit(f"{GENERATOR}: unexpected syscall name {name!r} for {arch.seccomp_name}")
    # SyscallTable.TryGetNumber maps name -> nr, so a name must be unique within an arch.
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        sys.exit(f"{GENERATOR}: {arch.seccomp_name} has duplicate names {duplicates}")
    return entries


def render(arch, version, entries):
    main = [nr for nr, _ in entries if arch.private is None or nr < arch.private[0]]
    summary = f"{len(entries)} syscalls, numbers {main[0]}..{main[-1]}"
    if len(main) < len(entries):
        summary += f" and private 0x{entries[len(main)][0]:06x}..0x{entries[-1][0]:06x}"
    lines = [
        f"# Generated by {GENERATOR} from libseccomp {version}. Do not edit: rerun the generator.",
        f"# libseccomp arch \"{arch.seccomp_name}\", {arch.audit_arch}: {summary}.",
        "# nr<TAB>name, sorted by number (decimal; x32 without the x32 bit).",
    ]
    lines += [f"{nr}\t{name}" for nr, name in entries]
    return "\n".join(lines) + "\n"


def generate(lib):
    version = lib.version()
    files = {}
    for arch in ARCHES:
        files[f"{arch.seccomp_name}.tsv"] = render(arch, version, scan(lib, arch))
    return dict(sorted(files.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory and exit 1 if the committed files differ")
    args = parser.parse_args()

    out_dir = pathlib.Path(__file__).resolve().parent.parent / OUT_DIR
    files = generate(Libseccomp())

    if args.check:
        stale = []
        for name, text in files.items():
            path = out_dir / name
            if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
                stale.append(name)
        # A table for an arch the generator no longer produces is stale too.
        stale += sorted(p.name for p in out_dir.glob("*.tsv") if p.name not in files)
        if stale:
            print(f"{GENERATOR}: stale or missing in {OUT_DIR}: {', '.join(stale)}; "
                  f"run python3 {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{GENERATOR}: {len(files)} tables up to date")
        return 0

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_bytes(text.encode("utf-8"))
        print(f"wrote {OUT_DIR / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
