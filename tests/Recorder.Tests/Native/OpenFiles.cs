using Microsoft.Win32.SafeHandles;
using SeccompRecorder.Native;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// Regular files opened in a temp dir, each with a unique path: a received fd is recognised by its /proc/self/fd link
/// target, and "closed" means no fd of this process links to that path any more (fd numbers are reused concurrently).
/// </summary>
internal sealed class OpenFiles : IDisposable
{
    private readonly List<SafeFileHandle> _files = [];

    public OpenFiles(TempDirectory directory, int count)
    {
        for (int i = 0; i < count; i++)
        {
            string path = directory.File($"file-{i}-{Guid.NewGuid():N}");
            _files.Add(File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite));
            Paths.Add(path);
        }
    }

    public List<string> Paths { get; } = [];

    /// <summary>Non-owning views for UnixRights.Send; the SafeFileHandles keep ownership.</summary>
    public SafeFdHandle[] Handles() => [.. _files.Select(f => new SafeFdHandle((int)f.DangerousGetHandle(), ownsHandle: false))];

    public int Fd(int index) => (int)_files[index].DangerousGetHandle();

    /// <summary>Closes our own copies, so what still links to the paths afterwards is someone else's fd.</summary>
    public void Dispose()
    {
        foreach (SafeFileHandle file in _files)
        {
            file.Dispose();
        }
    }
}
