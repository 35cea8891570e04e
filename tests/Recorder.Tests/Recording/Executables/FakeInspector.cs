using System.Text;
using SeccompRecorder.Recording.Executables;

namespace SeccompRecorder.Tests.Recording.Executables;

/// <summary>A /proc the test writes: tid to (thread group, start time, executable); a tid it does not hold has gone.</summary>
internal sealed class FakeInspector : IProcessInspector
{
    private readonly Dictionary<int, (int Tgid, ulong Start, string Exe)> _threads = [];

    public int Inspections { get; private set; }

    public void Set(int tid, int tgid, ulong start, string exe) => _threads[tid] = (tgid, start, exe);

    public void Remove(int tid) => _threads.Remove(tid);

    public bool TryInspect(int tid, out int tgid, out ulong startTime, Span<byte> name, out int nameLength)
    {
        Inspections++;
        if (!_threads.TryGetValue(tid, out var thread))
        {
            (tgid, startTime, nameLength) = (0, 0, 0);
            return false;
        }

        (tgid, startTime) = (thread.Tgid, thread.Start);
        nameLength = Encoding.UTF8.GetBytes(thread.Exe, name);
        return true;
    }
}
