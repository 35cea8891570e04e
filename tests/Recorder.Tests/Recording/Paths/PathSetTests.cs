using System.Text;
using SeccompRecorder.Recording.Paths;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Paths;

public sealed class PathSetTests
{
    [Fact]
    public void Add_SamePathTwice_OneEntryCountedTwiceAndAnnouncedOnce()
    {
        PathSet set = new();

        PathEntry? first = set.Add("/etc/shadow"u8, truncated: false);
        PathEntry? second = set.Add("/etc/shadow"u8, truncated: false);

        Assert.NotNull(first);
        Assert.Null(second);
        PathCount kept = Assert.Single(set.Read().Paths);
        Assert.Equal(("/etc/shadow", 2L, false), (kept.Text, kept.Count, kept.Truncated));
    }

    [Fact]
    public void Add_MoreThanSixteenPaths_KeepsSixteenAndCountsTheRestAsOther()
    {
        PathSet set = new();

        for (int i = 0; i < PathTable.MaxPaths + 5; i++)
        {
            set.Add(Encoding.UTF8.GetBytes($"/tmp/{i:D2}"), truncated: false);
        }

        set.Add("/tmp/00"u8, truncated: false);
        set.Add("/tmp/20"u8, truncated: false);
        PathSnapshot snapshot = set.Read();
        Assert.Equal(PathTable.MaxPaths, snapshot.Paths.Count);
        Assert.Equal(("/tmp/00", 2L), (snapshot.Paths[0].Text, snapshot.Paths[0].Count));
        Assert.Equal(6L, snapshot.Other);
        Assert.Equal(0L, snapshot.Unread);
    }

    [Fact]
    public void Add_SameBytesTruncatedOrNot_TwoPaths()
    {
        PathSet set = new();

        set.Add("/tmp/a"u8, truncated: false);
        set.Add("/tmp/a"u8, truncated: true);
        set.AddUnread();

        PathSnapshot snapshot = set.Read();
        Assert.Equal([false, true], snapshot.Paths.Select(p => p.Truncated).Order());
        Assert.Equal(1L, snapshot.Unread);
    }

    [Fact]
    public async Task Add_FromFourThreads_EveryCallCounted()
    {
        PathSet set = new();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                set.Add(Encoding.UTF8.GetBytes($"/p/{i % 20}"), truncated: false);
            }
        }))).WaitAsync(TestTimeouts.Default);

        PathSnapshot snapshot = set.Read();
        Assert.Equal(40_000L, snapshot.Paths.Sum(p => p.Count) + snapshot.Other);
        Assert.Equal(PathTable.MaxPaths, snapshot.Paths.Count);
        Assert.Equal(PathTable.MaxPaths, snapshot.Paths.Select(p => p.Text).Distinct().Count());
    }
}
