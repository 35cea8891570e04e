using System.Globalization;

namespace SeccompRecorder.Hosting;

/// <summary>
/// Group name to gid from /etc/group, as getgrnam would for files-only NSS. Parsing the file keeps the lookup pure and
/// testable; NSS sources (LDAP, sssd) are not consulted, so such groups are given by number.
/// <code>
/// group_name:password:GID:user_list      (group(5))
/// </code>
/// </summary>
internal static class GroupDatabase
{
    public const string DefaultPath = "/etc/group";

    /// <summary>A gid as a number, or a group name looked up in <paramref name="groupFile"/>.</summary>
    public static bool TryResolve(string nameOrGid, out uint gid, out string error, string groupFile = DefaultPath)
    {
        error = string.Empty;
        if (TryParseGid(nameOrGid, out gid))
        {
            return true;
        }

        string text;
        try
        {
            text = File.ReadAllText(groupFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {groupFile}: {e.Message}";
            return false;
        }

        if (TryFind(text, nameOrGid, out gid))
        {
            return true;
        }

        error = $"no group \"{nameOrGid}\" in {groupFile}";
        return false;
    }

    /// <summary>The gid of <paramref name="name"/> in group(5) text; the first matching line wins, as in glibc.</summary>
    public static bool TryFind(string groupText, string name, out uint gid)
    {
        gid = 0;
        foreach (string line in groupText.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 3 && string.Equals(fields[0], name, StringComparison.Ordinal) && TryParseGid(fields[2], out gid))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseGid(string text, out uint gid) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out gid) && gid != uint.MaxValue;
}
