namespace SeccompRecorder.Metrics;

/// <summary>
/// The last label values of one family and the end of the label set, encoded once for the series that share them
/// (every container's read/x86_64/allowed series shares <c>",syscall="read",arch="x86_64",action="allowed",...} </c>):
/// <see cref="ExpositionWriter.WriteSample(SamplePrefix, SampleSuffix, double)"/> copies these bytes.
/// </summary>
internal readonly struct SampleSuffix
{
    internal SampleSuffix(byte[] bytes, int firstLabel, object family)
    {
        Bytes = bytes;
        FirstLabel = firstLabel;
        Family = family;
    }

    /// <summary>",label="value",...} — what follows a prefix holding <see cref="FirstLabel"/> labels, up to the value.</summary>
    internal byte[] Bytes { get; }

    /// <summary>The index of the family's first label the suffix holds.</summary>
    internal int FirstLabel { get; }

    /// <summary>The family it was made for; it is refused elsewhere.</summary>
    internal object Family { get; }
}
