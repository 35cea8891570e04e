using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// ListContainers' next_page_token: the key of the last container sent, base64url of
/// "runtime_namespace NUL id NUL run". Neither an id nor a bundle path holds a NUL, so the split is unambiguous. A page
/// starts after the key, so a container removed between two pages shifts nothing.
/// </summary>
internal static class PageToken
{
    // An id is at most 1024 characters (4 KiB of UTF-8), the namespace a path segment: 16 KiB of base64 is plenty.
    private const int MaxTokenChars = 16 * 1024;

    public static string Format(RunKey key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            key.RuntimeNamespace + "\0" + key.Id + "\0" + key.Run.ToString(CultureInfo.InvariantCulture)));

    /// <summary>False for anything <see cref="Format"/> did not make; checked for size before it is decoded.</summary>
    public static bool TryParse(string token, out RunKey key)
    {
        key = default;
        if (token.Length > MaxTokenChars || !Base64Url.IsValid(token))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        string[] parts = text.Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int run) || run < 1)
        {
            return false;
        }

        key = new RunKey(parts[0], parts[1], run);
        return true;
    }

    /// <summary>The order pages follow: runtime namespace, id (ordinal), run.</summary>
    public static int Compare(RunKey x, RunKey y)
    {
        int byNamespace = string.CompareOrdinal(x.RuntimeNamespace, y.RuntimeNamespace);
        if (byNamespace != 0)
        {
            return byNamespace;
        }

        int byId = string.CompareOrdinal(x.Id, y.Id);
        return byId != 0 ? byId : x.Run.CompareTo(y.Run);
    }
}
