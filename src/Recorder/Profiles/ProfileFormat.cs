namespace SeccompRecorder.Profiles;

internal enum ProfileFormat
{
    /// <summary>OCI runtime-spec <c>linux.seccomp</c> (Docker's and Kubernetes Localhost profiles' JSON).</summary>
    Oci,

    /// <summary>Security Profiles Operator <c>SeccompProfile</c> (security-profiles-operator.x-k8s.io/v1beta1) YAML.</summary>
    Spo,
}
