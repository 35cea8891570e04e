using System.Reflection;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Structure;

/// <summary>
/// EventIds are how operators filter and alert on the daemon's log (journald's fields, a collector's
/// rules): one id must mean one event. Each area's log class owns a range no other class's ids fall in
/// (issue 10 point 5: SystemdLog and HandoverLog both used 700-702).
/// </summary>
public sealed class LoggerEventIdTests
{
    [Fact]
    public void LoggerMessages_InRecorderAssembly_FoundByReflection()
    {
        // Guards the two tests below against passing on nothing, should the attribute stop being emitted.
        Assert.True(LoggerMessages().Count > 50, $"only {LoggerMessages().Count} [LoggerMessage] methods found");
    }

    [Fact]
    public void EventIds_EveryLoggerMessage_Unique()
    {
        string[] duplicates =
        [
            .. LoggerMessages()
                .GroupBy(m => m.EventId)
                .Where(g => g.Count() > 1)
                .Select(g => $"EventId {g.Key}: {string.Join(", ", g.Select(m => m.Name))}"),
        ];

        Assert.True(duplicates.Length == 0, "duplicate EventIds:\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void EventIds_EachLogClass_OwnsARangeNoOtherClassUses()
    {
        var ranges = LoggerMessages()
            .GroupBy(m => m.Class)
            .Select(g => (Class: g.Key, Min: g.Min(m => m.EventId), Max: g.Max(m => m.EventId)))
            .ToList();
        string[] overlaps =
        [
            .. from a in ranges
               from m in LoggerMessages()
               where m.Class != a.Class && m.EventId >= a.Min && m.EventId <= a.Max
               select $"{m.Name} (EventId {m.EventId}) falls in {a.Class}'s range {a.Min}-{a.Max}",
        ];

        Assert.True(overlaps.Length == 0, "EventId ranges overlap:\n" + string.Join("\n", overlaps));
    }

    [Fact]
    public void EventIds_EveryLoggerMessage_Explicit()
    {
        // STYLE.md asks for explicit EventIds; an attribute without one reads -1 here.
        string[] missing = [.. LoggerMessages().Where(m => m.EventId <= 0).Select(m => m.Name)];

        Assert.True(missing.Length == 0, "[LoggerMessage] without an explicit EventId: " + string.Join(", ", missing));
    }

    private static List<(string Class, string Name, int EventId)> LoggerMessages() =>
    [
        .. from type in typeof(SyscallTable).Assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (type.FullName!, $"{type.Name}.{method.Name}", attribute.EventId),
    ];
}
