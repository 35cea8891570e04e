using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Syscalls;

public sealed class SyscallTableTests
{
    private const string Resolver = "/usr/bin/scmp_sys_resolver";
    private const int ArmPrivateBase = 0x0f0000;
    private static readonly TimeSpan s_processTimeout = TimeSpan.FromSeconds(30);

    // Theories take arches as byte: a public test method cannot have the internal enum as a parameter.
    public static TheoryData<byte> KnownArches => new()
    {
        (byte)SyscallArch.X86_64, (byte)SyscallArch.X86, (byte)SyscallArch.X32, (byte)SyscallArch.Aarch64, (byte)SyscallArch.Arm,
    };

    [Theory]
    [InlineData((byte)SyscallArch.X86, 20L, "getpid")]
    [InlineData((byte)SyscallArch.X86_64, 20L, "writev")]
    [InlineData((byte)SyscallArch.X86, 64L, "getppid")]
    [InlineData((byte)SyscallArch.X86_64, 64L, "semget")]
    [InlineData((byte)SyscallArch.X32, 1L, "write")]
    [InlineData((byte)SyscallArch.X32, 512L, "rt_sigaction")]
    [InlineData((byte)SyscallArch.Aarch64, 172L, "getpid")]
    [InlineData((byte)SyscallArch.Arm, 20L, "getpid")]
    [InlineData((byte)SyscallArch.Arm, 983042L, "cacheflush")]
    [InlineData((byte)SyscallArch.X86, 359L, "socket")]
    // Newer than libseccomp 2.5.4 here: from libseccomp 2.6.1's table (issue 15 point 4).
    [InlineData((byte)SyscallArch.X86_64, 335L, "uretprobe")]
    [InlineData((byte)SyscallArch.X86_64, 336L, "uprobe")]
    [InlineData((byte)SyscallArch.X86_64, 457L, "statmount")]
    [InlineData((byte)SyscallArch.X86_64, 462L, "mseal")]
    [InlineData((byte)SyscallArch.X86_64, 470L, "listns")]
    [InlineData((byte)SyscallArch.X86, 470L, "listns")]
    [InlineData((byte)SyscallArch.X32, 470L, "listns")]
    [InlineData((byte)SyscallArch.Aarch64, 470L, "listns")]
    [InlineData((byte)SyscallArch.Arm, 470L, "listns")]
    [InlineData((byte)SyscallArch.Aarch64, 464L, "getxattrat")]
    [InlineData((byte)SyscallArch.Arm, 468L, "file_getattr")]
    public void Name_KnownNumber_ReturnsArchSpecificName(byte archValue, long nr, string expected)
    {
        var arch = (SyscallArch)archValue;
        Assert.Equal(expected, SyscallTable.Name(arch, nr));
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, 100000L)]
    [InlineData((byte)SyscallArch.X86_64, -1L)]
    [InlineData((byte)SyscallArch.X86_64, long.MaxValue)]
    [InlineData((byte)SyscallArch.X86_64, long.MinValue)]
    [InlineData((byte)SyscallArch.X86, 100000L)]
    [InlineData((byte)SyscallArch.X86, -1L)]
    [InlineData((byte)SyscallArch.X32, -1L)]
    [InlineData((byte)SyscallArch.X32, 13L)] // x86_64's rt_sigaction: x32 uses 512
    [InlineData((byte)SyscallArch.X32, 0x40000001L)] // tables take the number with the x32 bit cleared
    [InlineData((byte)SyscallArch.Aarch64, long.MaxValue)]
    [InlineData((byte)SyscallArch.Arm, -1L)]
    [InlineData((byte)SyscallArch.Arm, 0x0f0000L)]
    [InlineData((byte)SyscallArch.Arm, 0x0f00ffL)]
    [InlineData((byte)SyscallArch.Arm, long.MaxValue)]
    [InlineData((byte)SyscallArch.Arm, long.MinValue)]
    [InlineData((byte)SyscallArch.Unknown, 0L)]
    [InlineData((byte)200, 0L)]
    public void Name_UnknownNumber_ReturnsNull(byte archValue, long nr)
    {
        var arch = (SyscallArch)archValue;
        Assert.Null(SyscallTable.Name(arch, nr));
    }

    [Theory]
    [MemberData(nameof(KnownArches))]
    public void DenseLength_KnownArch_EndsRightAfterHighestDenseNumber(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        int length = SyscallTable.DenseLength(arch);

        Assert.InRange(length, 300, 0x0f0000);
        Assert.NotNull(SyscallTable.Name(arch, length - 1));
        Assert.Null(SyscallTable.Name(arch, length));
    }

    [Fact]
    public void DenseLength_Unknown_ReturnsZero()
    {
        Assert.Equal(0, SyscallTable.DenseLength(SyscallArch.Unknown));
        Assert.Equal(0, SyscallTable.DenseLength((SyscallArch)200));
    }

    [Theory]
    [MemberData(nameof(KnownArches))]
    public void TryGetNumber_EveryEntry_RoundTrips(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        foreach ((int nr, string name) in Entries(arch))
        {
            Assert.True(SyscallTable.TryGetNumber(arch, name, out int found), name);
            Assert.Equal(nr, found);
        }
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86, "socket", 359)] // libseccomp's name lookup says -101 (socketcall pseudo-syscall)
    [InlineData((byte)SyscallArch.X32, "write", 1)]
    [InlineData((byte)SyscallArch.Arm, "cacheflush", 983042)]
    [InlineData((byte)SyscallArch.Aarch64, "getpid", 172)]
    public void TryGetNumber_KnownName_ReturnsKernelNumber(byte archValue, string name, int expected)
    {
        var arch = (SyscallArch)archValue;
        Assert.True(SyscallTable.TryGetNumber(arch, name, out int nr));
        Assert.Equal(expected, nr);
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, "socketcall")] // i386 only
    [InlineData((byte)SyscallArch.Aarch64, "open")] // generic table has only openat
    [InlineData((byte)SyscallArch.X86_64, "GETPID")]
    [InlineData((byte)SyscallArch.X86_64, "")]
    [InlineData((byte)SyscallArch.Unknown, "getpid")]
    public void TryGetNumber_UnknownName_ReturnsFalse(byte archValue, string name)
    {
        var arch = (SyscallArch)archValue;
        Assert.False(SyscallTable.TryGetNumber(arch, name, out _));
    }

    [Theory]
    [MemberData(nameof(KnownArches))]
    public void Names_KnownArch_AllEntriesSortedOrdinal(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        IReadOnlyList<string> names = SyscallTable.Names(arch);

        string[] expected = [.. Entries(arch).Select(e => e.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Names_Arm_IncludesPrivateRange()
    {
        Assert.Contains("cacheflush", SyscallTable.Names(SyscallArch.Arm));
    }

    [Fact]
    public void Names_Unknown_ReturnsEmpty()
    {
        Assert.Empty(SyscallTable.Names(SyscallArch.Unknown));
    }

    // Every x86 and x86_64 entry (the ABIs most containers use, and the ones peers get wrong); a
    // stride elsewhere keeps the ~1000 process spawns around a couple of seconds. ARM's six private
    // calls are always checked: they come from a second scan range that the stride could skip.
    [Theory]
    [InlineData((byte)SyscallArch.X86_64, 1)]
    [InlineData((byte)SyscallArch.X86, 1)]
    [InlineData((byte)SyscallArch.X32, 7)]
    [InlineData((byte)SyscallArch.Aarch64, 7)]
    [InlineData((byte)SyscallArch.Arm, 7)]
    public void Name_TableEntries_MatchScmpSysResolver(byte archValue, int stride)
    {
        var arch = (SyscallArch)archValue;
        Assert.True(File.Exists(Resolver),
            $"{Resolver} is missing: install Debian's `seccomp` package (apt-get install seccomp) to cross-check the syscall tables.");
        string archName = ArchDecoder.Name(arch);
        (int Nr, string Name)[] sample =
            [.. Entries(arch).Where((entry, i) => i % stride == 0 || entry.Nr >= ArmPrivateBase)];
        var mismatches = new ConcurrentBag<string>();
        var newer = new ConcurrentBag<string>();

        Parallel.ForEach(sample, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, entry =>
        {
            string byName = RunChecked(Resolver, Environment.CurrentDirectory, "-a", archName, entry.Name);
            long resolved = long.Parse(byName.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (resolved < 0)
            {
                // libseccomp resolves x86's direct socket/ipc calls by name to socketcall/ipc
                // pseudo-syscalls (negative); check that direction by number instead.
                string byNumber = RunChecked(Resolver, Environment.CurrentDirectory, "-a", archName,
                    entry.Nr.ToString(CultureInfo.InvariantCulture)).Trim();
                if (byNumber == "UNKNOWN")
                {
                    // Newer than Debian 12's libseccomp 2.5.4 (ours is 2.6.1's table): checked against that
                    // table by Tables_MatchLibseccompCsv instead.
                    newer.Add(entry.Name);
                }
                else if (byNumber != entry.Name)
                {
                    mismatches.Add($"{archName} {entry.Nr}: ours {entry.Name}, scmp_sys_resolver {byNumber}");
                }

                return;
            }

            long expected = arch == SyscallArch.X32 ? resolved & ~(long)ArchDecoder.X32_SYSCALL_BIT : resolved;
            if (expected != entry.Nr)
            {
                mismatches.Add($"{archName} {entry.Name}: ours {entry.Nr}, scmp_sys_resolver {resolved}");
            }
        });

        Assert.True(sample.Length > 40, $"only {sample.Length} entries sampled for {archName}");
        Assert.True(newer.Count < sample.Length / 10, $"{newer.Count} of {sample.Length} unknown to scmp_sys_resolver: {string.Join(' ', newer)}");
        Assert.True(mismatches.IsEmpty, string.Join("\n", mismatches.Order(StringComparer.Ordinal)));
    }

    // The generated files hold (nr, name) lines and SyscallTable builds the dense arrays from them at
    // start: every number up to past ARM's private range must name exactly what a line says, nothing
    // lost at a gap, nothing invented between lines, and the private range still found on ARM.
    [Theory]
    [MemberData(nameof(KnownArches))]
    public void Name_EveryNumber_MatchesGeneratedPairs(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        string suffix = ArchDecoder.Name(arch);
        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "src", "Recorder", "Syscalls", "Tables", $"{suffix}.tsv"));
        var pairs = new Dictionary<long, string>();
        foreach (string line in lines.Where(l => !l.StartsWith('#')))
        {
            string[] fields = line.Split('\t');
            pairs.Add(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1]);
        }

        Assert.True(pairs.Count > 300, $"only {pairs.Count} pairs parsed from {suffix}.tsv");
        var mismatches = new List<string>();
        for (long nr = -1; nr < ArmPrivateBase + 0x200; nr++)
        {
            string? expected = pairs.GetValueOrDefault(nr);
            string? actual = SyscallTable.Name(arch, nr);
            if (expected != actual)
            {
                mismatches.Add($"{suffix} {nr}: generated {expected ?? "-"}, Name {actual ?? "-"}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Equal(pairs.Keys.Where(nr => nr < ArmPrivateBase).Max() + 1, SyscallTable.DenseLength(arch));
    }

    // libseccomp 2.6.1's table, read here on its own: every number it gives an arch is named as it says, and we
    // name nothing it does not.
    [Theory]
    [MemberData(nameof(KnownArches))]
    public void Tables_MatchLibseccompCsv(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        string archName = ArchDecoder.Name(arch);
        string[] rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "tools", "libseccomp", "syscalls.csv"));
        int column = Array.IndexOf(rows[0].Split(','), archName);
        Assert.True(column > 0, $"no column {archName} in syscalls.csv");
        var expected = new List<(int Nr, string Name)>();
        foreach (string row in rows.Skip(1))
        {
            string[] fields = row.Split(',');
            if (fields[column] != "PNR")
            {
                expected.Add((int.Parse(fields[column], CultureInfo.InvariantCulture), fields[0]));
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Nr), Entries(arch));
    }

    [Fact]
    public void Generator_Check_CommittedTablesAreCurrent()
    {
        string root = RepoPaths.Root;

        (int exitCode, string stdout, string stderr) =
            Run("python3", root, "tools/gen-syscall-tables.py", "--check");

        Assert.True(exitCode == 0,
            $"generated syscall tables are stale (exit {exitCode}); run python3 tools/gen-syscall-tables.py\n{stdout}{stderr}");
    }

    // Entries in number order: the dense table, then (arm) the private range.
    private static IEnumerable<(int Nr, string Name)> Entries(SyscallArch arch)
    {
        int length = SyscallTable.DenseLength(arch);
        IEnumerable<int> numbers = Enumerable.Range(0, length);
        if (arch == SyscallArch.Arm)
        {
            numbers = numbers.Concat(Enumerable.Range(ArmPrivateBase, 0x100));
        }

        foreach (int nr in numbers)
        {
            if (SyscallTable.Name(arch, nr) is string name)
            {
                yield return (nr, name);
            }
        }
    }

    private static string RunChecked(string file, string workingDirectory, params string[] args)
    {
        (int exitCode, string stdout, string stderr) = Run(file, workingDirectory, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {exitCode}: {stderr}");
        }

        return stdout;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, string workingDirectory, params string[] args)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_processTimeout) || !Task.WaitAll([stdout, stderr], s_processTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {s_processTimeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
