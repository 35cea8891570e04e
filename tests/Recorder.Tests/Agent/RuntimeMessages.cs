using System.Text;

namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// What real runtimes send on the listener socket, byte for byte as received on this machine (../shared/REFERENCE.md):
/// the seeds of the parser and listener fuzz tests.
/// </summary>
internal static class RuntimeMessages
{
    /// <summary>runc 1.1.5, a container's init.</summary>
    public const string Runc115Init =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"creating","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    /// <summary>runc 1.1.5, an exec: status "running", pid of the exec'd process, state.pid still the init's.</summary>
    public const string Runc115Exec =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":4121,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"running","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    /// <summary>crun 1.8.1, an init: 4-space indentation, ociVersion "0.2.0".</summary>
    public const string Crun181Init = """
        {
            "ociVersion": "0.2.0",
            "fds": [
                "seccompFd"
            ],
            "pid": 20392,
            "metadata": "policy=record",
            "state": {
                "ociVersion": "0.2.0",
                "id": "crun-ctr",
                "status": "creating",
                "pid": 20392,
                "bundle": "/tmp/crun/bundle",
                "annotations": {
                    "org.example": "x"
                }
            }
        }
        """;

    /// <summary>crun 1.8.1, an exec: both pids 0, bundle ".".</summary>
    public const string Crun181Exec =
        """{"ociVersion":"0.2.0","fds":["seccompFd"],"pid":0,"metadata":"policy=record","state":{"ociVersion":"0.2.0","id":"crun-ctr","status":"running","pid":0,"bundle":".","annotations":{"org.example":"x"}}}""";

    public static IReadOnlyList<byte[]> Seeds { get; } =
        [.. new[] { Runc115Init, Runc115Exec, Crun181Init, Crun181Exec }.Select(Encoding.UTF8.GetBytes)];
}

/// <summary>Seeded mutations of a message: bit flips, structural bytes, truncation, insertion, deletion.</summary>
internal static class MessageMutator
{
    // Bytes that move a JSON parser between states, more often than random bytes would.
    private static readonly byte[] s_interesting = Encoding.UTF8.GetBytes("{}[]\":,\\/.-+0e9nultrfa \n\t");

    public static byte[] Mutate(Random random, IReadOnlyList<byte> seed)
    {
        List<byte> bytes = [.. seed];
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));                     // bit flip
                    break;
                case 1:
                    bytes[at] = s_interesting[random.Next(s_interesting.Length)];  // structural byte
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);                       // truncation
                    break;
                case 3:
                    bytes.InsertRange(at, RandomBytes(random, random.Next(1, 16)));  // insertion
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));  // deletion
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++)
        {
            bytes[i] = random.Next(2) == 0 ? s_interesting[random.Next(s_interesting.Length)] : (byte)random.Next(256);
        }

        return bytes;
    }
}
