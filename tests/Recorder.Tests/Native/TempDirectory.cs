namespace SeccompRecorder.Tests.Native;

/// <summary>A fresh directory under the system temp dir, deleted with everything in it on Dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("seccomp-recorder-tests-");

    public string Path => _directory.FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates a file with <paramref name="content"/> and returns its full path.</summary>
    public string CreateFile(string name, string content = "")
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // A test removed it itself.
        }
    }
}
