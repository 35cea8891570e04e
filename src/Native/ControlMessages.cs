namespace SeccompRecorder.Native;

/// <summary>Walks the ancillary data that recvmsg(2) filled in. Pure apart from taking ownership of the fds it finds.</summary>
internal static class ControlMessages
{
    /// <summary>
    /// Appends every fd of every SCM_RIGHTS message in <paramref name="control"/> to <paramref name="fds"/>, each owned
    /// by a <see cref="SafeFdHandle"/> before anything else can fail. Returns false when a header is malformed (the fds
    /// found before it are still appended, so the caller can close them).
    /// </summary>
    /// <remarks>
    /// Layout (LP64 glibc), repeated, each header aligned to 8 bytes:
    /// <code>
    /// +----------------+-------------+------------+-------------------------+-----+
    /// | cmsg_len (u64) | level (i32) | type (i32) | data: cmsg_len - 16 B   | pad |
    /// +----------------+-------------+------------+-------------------------+-----+
    /// </code>
    /// SOL_SOCKET/SCM_RIGHTS data is an array of int fds.
    /// </remarks>
    public static unsafe bool CollectRights(ReadOnlySpan<byte> control, List<SafeFdHandle> fds)
    {
        int headerSize = sizeof(Interop.cmsghdr);
        int offset = 0;
        while (control.Length - offset >= headerSize)
        {
            ulong length = BitConverterHelpers.ReadNuint(control.Slice(offset));
            int level = BitConverter.ToInt32(control.Slice(offset + nint.Size));
            int type = BitConverter.ToInt32(control.Slice(offset + nint.Size + 4));
            if (length < (ulong)headerSize || length > (ulong)(control.Length - offset))
            {
                return false;
            }

            if (level == Interop.SOL_SOCKET && type == Interop.SCM_RIGHTS)
            {
                ReadOnlySpan<byte> data = control.Slice(offset + headerSize, (int)length - headerSize);
                for (int i = 0; i + sizeof(int) <= data.Length; i += sizeof(int))
                {
                    fds.Add(new SafeFdHandle(BitConverter.ToInt32(data.Slice(i))));
                }
            }

            offset += Interop.CMSG_ALIGN((int)length);
        }

        return true;
    }
}
