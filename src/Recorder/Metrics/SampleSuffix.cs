namespace SeccompRecorder.Metrics;

/// <summary>
/// The label values of the family <see cref="Family"/> from <see cref="FirstLabel"/> to its last and the end of the label
/// set, encoded once for the series that share them (every container's read/x86_64/allowed series shares
/// <c>",syscall="read",arch="x86_64",action="allowed",...} </c>): <see cref="ExpositionWriter"/> copies these bytes.
/// </summary>
internal readonly record struct SampleSuffix(byte[] Bytes, int FirstLabel, object Family);
