using SeccompRecorder.Recording.Arguments;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Arguments;

public sealed class ArgumentSetTests
{
    [Fact]
    public void Add_RepeatedValues_CountsEachByValue()
    {
        ArgumentSet set = new(64);

        set.Add(2);
        set.Add(38);
        set.Add(2);
        set.Add(0);

        Assert.Equal([new(0, 1), new(2, 2), new(38, 1)], set.Read());
        Assert.Equal(0, set.Other);
    }

    [Fact]
    public void Add_MoreDistinctValuesThanCapacity_KeepsTheFirstAndCountsTheRestAsOther()
    {
        ArgumentSet set = new(64);

        for (ulong value = 0; value < 100; value++)
        {
            set.Add(value * 0x1000);
        }

        set.Add(99 * 0x1000);
        set.Add(0);

        List<ArgumentValueCount> kept = set.Read();
        Assert.Equal(64, kept.Count);
        Assert.Equal(Enumerable.Range(0, 64).Select(v => (ulong)v * 0x1000), kept.Select(v => v.Value));
        Assert.Equal(2, kept[0].Count);
        Assert.Equal(37, set.Other);
    }

    [Fact]
    public void Add_ExtremeValues_AreValuesLikeAnyOther()
    {
        ArgumentSet set = new(4);

        set.Add(ulong.MaxValue);
        set.Add(0);
        set.Add(ulong.MaxValue, 5);

        Assert.Equal([new(0, 1), new(ulong.MaxValue, 6)], set.Read());
    }

    [Fact]
    public void Add_FromFourThreadsAtOnce_LosesNoCallAndKeepsAtMostCapacity()
    {
        const int PerThread = 200_000;
        ArgumentSet set = new(64);
        using Barrier start = new(4);
        Thread[] threads = [.. Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                // 100 distinct values, shared by every thread: they race for the same slots and for the last ones.
                set.Add((ulong)((i * 7 + t) % 100));
            }
        }))];

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TestTimeouts.Default));
        }

        List<ArgumentValueCount> kept = set.Read();
        Assert.InRange(kept.Count, 1, 64);
        Assert.Equal(4L * PerThread, kept.Sum(v => v.Count) + set.Other);
    }
}
