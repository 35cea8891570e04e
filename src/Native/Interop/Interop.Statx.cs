using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <linux/stat.h> struct statx: the same layout on every architecture (256 bytes). Only the head is named here, up to
// the device the file is on; field names are the kernel's (<linux/stat.h>, which glibc's <sys/stat.h> includes).
internal static partial class Interop
{
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_INO = 0x100;
    internal const ushort S_IFMT = 0xF000;
    internal const ushort S_IFSOCK = 0xC000;

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct statx_head
    {
        public uint stx_mask;
        public uint stx_blksize;
        public ulong stx_attributes;
        public uint stx_nlink;
        public uint stx_uid;
        public uint stx_gid;
        public ushort stx_mode;
        public ushort __spare0;
        public ulong stx_ino;
        public ulong stx_size;
        public ulong stx_blocks;
        public ulong stx_attributes_mask;
        public statx_timestamp stx_atime;
        public statx_timestamp stx_btime;
        public statx_timestamp stx_ctime;
        public statx_timestamp stx_mtime;
        public uint stx_rdev_major;
        public uint stx_rdev_minor;
        public uint stx_dev_major;
        public uint stx_dev_minor;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct statx_timestamp
    {
        public long tv_sec;
        public uint tv_nsec;
        public int __reserved;
    }

    // int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf);
    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, statx_head* statxbuf);
}
