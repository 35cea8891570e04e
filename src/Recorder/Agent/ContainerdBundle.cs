namespace SeccompRecorder.Agent;

/// <summary>
/// containerd's namespace of a container, read from its bundle path: the v2 shims keep bundles at
/// <c>&lt;state&gt;/io.containerd.runtime.v2.task/&lt;namespace&gt;/&lt;id&gt;</c>, and ctr adds no annotation naming
/// it. Ids are unique only within a namespace, so two namespaces can run one id at once. Pure.
/// </summary>
internal static class ContainerdBundle
{
    private const string TaskDirectory = "io.containerd.runtime.v2.task";

    /// <summary>The namespace, or empty when the bundle is not a containerd v2 bundle of <paramref name="id"/>.</summary>
    public static string Namespace(string bundle, string id)
    {
        ReadOnlySpan<char> path = bundle.AsSpan().TrimEnd('/');
        int last = path.LastIndexOf('/');
        if (last < 0 || !path[(last + 1)..].SequenceEqual(id))
        {
            return string.Empty;
        }

        ReadOnlySpan<char> parent = path[..last];
        int middle = parent.LastIndexOf('/');
        if (middle < 0)
        {
            return string.Empty;
        }

        ReadOnlySpan<char> ns = parent[(middle + 1)..];
        ReadOnlySpan<char> above = parent[..middle];
        int first = above.LastIndexOf('/');
        return ns.Length > 0 && above[(first + 1)..].SequenceEqual(TaskDirectory) ? ns.ToString() : string.Empty;
    }
}
