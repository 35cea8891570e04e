namespace SeccompRecorder.Policy;

/// <summary>
/// A container's policy from what the runtime sent, first match winning: listenerMetadata (KEY=VALUE pairs separated
/// by newlines or ';': policy, errno, grace), CRI-O's notifier annotation (stop means stop, any other value means log,
/// as CRI-O reads it), the daemon's defaults. Pure; what it could not use is reported in <c>problems</c>.
/// </summary>
internal static class PolicyResolver
{
    /// <summary>CRI-O 1.26+; the older name is still honoured.</summary>
    public const string CrioAnnotation = "seccomp-notifier-action.crio.io";
    public const string CrioLegacyAnnotation = "io.kubernetes.cri-o.seccompNotifierAction";

    public static EffectivePolicy Resolve(string metadata, IReadOnlyDictionary<string, string> annotations, PolicyDefaults defaults, List<string> problems)
    {
        EffectivePolicy policy = EffectivePolicy.FromDefaults(defaults);
        foreach (string pair in metadata.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue; // metadata is free-form; only our keys mean something here
            }

            string key = pair[..equals].Trim().ToLowerInvariant();
            string value = pair[(equals + 1)..].Trim();
            policy = key switch
            {
                "policy" => WithMode(policy, value, problems),
                "errno" => WithErrno(policy, value, problems),
                "grace" => WithGrace(policy, value, problems),
                _ => policy,
            };
        }

        if (policy.ModeSource != PolicySource.Metadata && CrioAction(annotations) is { } action)
        {
            PolicyMode mode = string.Equals(action.Trim(), "stop", StringComparison.OrdinalIgnoreCase) ? PolicyMode.Stop : PolicyMode.Log;
            policy = policy with { Mode = mode, ModeSource = PolicySource.Annotation };
        }

        return policy;
    }

    private static string? CrioAction(IReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue(CrioAnnotation, out string? current) ? current
        : annotations.TryGetValue(CrioLegacyAnnotation, out string? legacy) ? legacy
        : null;

    private static EffectivePolicy WithMode(EffectivePolicy policy, string value, List<string> problems)
    {
        if (!ModeNames.TryParse(value, out PolicyMode mode))
        {
            // Deny, never silently allow: a typo in "stop" must not turn enforcement off.
            problems.Add($"unknown policy \"{value}\" in listenerMetadata ({ModeNames.All}): treated as log");
            mode = PolicyMode.Log;
        }

        return policy with { Mode = mode, ModeSource = PolicySource.Metadata };
    }

    private static EffectivePolicy WithErrno(EffectivePolicy policy, string value, List<string> problems)
    {
        if (ErrnoNames.TryParse(value, out int errno))
        {
            return policy with { Errno = errno, ErrnoSource = PolicySource.Metadata };
        }

        problems.Add($"invalid errno \"{value}\" in listenerMetadata (a name such as EPERM, or 1-{ErrnoNames.MaxErrno}): using {ErrnoNames.Name(policy.Errno)}");
        return policy;
    }

    private static EffectivePolicy WithGrace(EffectivePolicy policy, string value, List<string> problems)
    {
        if (DurationText.TryParse(value, out TimeSpan grace))
        {
            return policy with { Grace = grace, GraceSource = PolicySource.Metadata };
        }

        problems.Add($"invalid grace \"{value}\" in listenerMetadata (e.g. 5s, 500ms, 1m): using {DurationText.Format(policy.Grace)}");
        return policy;
    }
}
