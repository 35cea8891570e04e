using System.Collections.Frozen;
using SeccompRecorder.Native;

namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// Syscalls that profiles deny with ENOSYS only to make programs fall back to an older equivalent: docker's default
/// profile answers <c>clone3</c> ENOSYS so glibc uses <c>clone</c> (cri-o issue 9872). A source answer of ENOSYS for
/// one of these is an expected denial: answered as the source says under every policy, audit included, counted as a
/// denied call, never as a violation, never toward stop. Replaceable by the daemon's <c>--expected-denials</c>.
/// </summary>
internal sealed class ExpectedDenials
{
    /// <summary>Each with the older call its callers (glibc, coreutils, systemd, Go's runtime) fall back to.</summary>
    public static IReadOnlyList<(string Name, string FallsBackTo)> BuiltInList { get; } =
    [
        ("clone3", "clone"),
        ("openat2", "openat"),
        ("faccessat2", "faccessat"),
        ("fchmodat2", "fchmodat"),
        ("statx", "newfstatat / fstatat64"),
        ("epoll_pwait2", "epoll_pwait"),
        ("close_range", "close"),
        ("renameat2", "renameat"),
        ("preadv2", "preadv"),
        ("pwritev2", "pwritev"),
        ("copy_file_range", "read and write"),
        ("futex_waitv", "futex"),
        ("clock_gettime64", "clock_gettime"),
        ("clock_nanosleep_time64", "clock_nanosleep"),
        ("futex_time64", "futex"),
    ];

    public static ExpectedDenials BuiltIn { get; } = new(BuiltInList.Select(e => e.Name));

    private readonly FrozenSet<string> _names;

    public ExpectedDenials(IEnumerable<string> names) => _names = names.ToFrozenSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    /// <summary>True when <paramref name="answer"/> for <paramref name="name"/> is there to force a fallback.</summary>
    public bool IsExpected(string name, SourceAnswer answer) =>
        answer is { Action: SourceAction.Errno, Errno: (int)Errno.ENOSYS } && _names.Contains(name);

    /// <summary>"none", or syscall names separated by commas (spaces around them allowed): the daemon setting.</summary>
    public static bool TryParse(string text, out ExpectedDenials? expected, out string error)
    {
        expected = null;
        string trimmed = text.Trim();
        if (string.Equals(trimmed, "none", StringComparison.OrdinalIgnoreCase))
        {
            expected = new ExpectedDenials([]);
            error = string.Empty;
            return true;
        }

        string[] names = trimmed.Split(',', StringSplitOptions.TrimEntries);
        foreach (string name in names)
        {
            if (name.Length is 0 or > ProfileAnswersText.MaxNameLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                error = $"\"{(name.Length > 40 ? name[..40] + "..." : name)}\" is not a syscall name (lower case, digits, _), and the list is not \"none\"";
                return false;
            }
        }

        expected = new ExpectedDenials(names);
        error = string.Empty;
        return true;
    }
}
