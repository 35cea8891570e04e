using System.Globalization;
using System.Text;
using SeccompRecorder.Api.V1;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// The executables of an export, one "executable: PATH: N calls: name (count), ..." line each (as the SPO profile's
/// comments say it), and a last line when the daemon left some out. Pure.
/// </summary>
internal static class ExecutableLines
{
    public static string Render(ExportProfileResponse response)
    {
        var text = new StringBuilder();
        foreach (Executable executable in response.Executables)
        {
            text.Append("executable: ").Append(TextEscaper.Escape(executable.Path)).Append(": ")
                .Append(executable.Count.ToString(CultureInfo.InvariantCulture)).Append(" calls: ")
                .AppendJoin(", ", executable.Syscalls.Select(Call)).Append('\n');
        }

        if (response.ExecutablesTruncated)
        {
            text.Append("executable: (more than one message holds)\n");
        }

        return text.ToString();
    }

    private static string Call(ExecutableSyscall s)
    {
        string name = s.Name.Length > 0 ? s.Name : string.Create(CultureInfo.InvariantCulture, $"nr {s.Nr}");
        string arch = s.Arch == "x86_64" ? string.Empty : s.Arch + ":";
        return string.Create(CultureInfo.InvariantCulture, $"{arch}{name} ({s.Count})");
    }
}
