namespace SeccompRecorder.Metrics;

/// <summary>
/// The sample name and first <see cref="Labels"/> label values of the family <see cref="Family"/>, encoded once for the
/// series that share them (a container's syscall series share its id, pod and namespace): <c>name{first="value",...,
/// last="value</c>. <see cref="ExpositionWriter"/> copies these bytes instead of escaping the same values again.
/// </summary>
internal readonly record struct SamplePrefix(byte[] Bytes, int Labels, object Family);
