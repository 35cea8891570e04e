namespace SeccompRecorder.Profiles;

/// <summary>
/// Which <c>apiVersion</c> of the Security Profiles Operator's SeccompProfile an export is written for. SPO 1.0.0
/// serves both with one schema (v1 stored, v1beta1 still served): v1 for SPO 1.0 and later, v1beta1 for older operators.
/// </summary>
internal enum SpoApiVersion
{
    V1,
    V1Beta1,
}
