namespace SeccompRecorder.Metrics;

/// <summary>
/// The sample name and first label values of one family, encoded once for the series that share them (a container's
/// syscall series share its id, pod and namespace): <see cref="ExpositionWriter.WriteSample(SamplePrefix, double, ReadOnlySpan{string})"/>
/// copies these bytes instead of escaping the same values again.
/// </summary>
internal readonly struct SamplePrefix
{
    internal SamplePrefix(byte[] bytes, int labels, object family)
    {
        Bytes = bytes;
        Labels = labels;
        Family = family;
    }

    /// <summary>name{first="value",...,last="value — what every sample of these series starts with.</summary>
    internal byte[] Bytes { get; }

    /// <summary>How many of the family's labels the prefix holds.</summary>
    internal int Labels { get; }

    /// <summary>The family it was made for; it is refused elsewhere.</summary>
    internal object Family { get; }
}
