using SeccompRecorder.Api.V1;
using SeccompRecorder.Policy;
using SeccompRecorder.Profiles;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Grpc.Services;

/// <summary>ExportProfile: validates the request, then renders the profile from snapshots.</summary>
internal static class ProfileExport
{
    public static ExportProfileResponse Export(IRecordingReader reader, ExportProfileRequest request)
    {
        if (request.ContainerIds.Count == 0 || request.ContainerIds.Any(string.IsNullOrEmpty))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, "at least one container id is required, and none may be empty");
        }

        int errno = 1;
        if (request.DefaultErrno.Length > 0 && !ErrnoNames.TryParse(request.DefaultErrno, out errno))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, $"default_errno \"{request.DefaultErrno}\" is not an errno name (EPERM) or a number from 1 to {ErrnoNames.MaxErrno}");
        }

        if (request.Name.Length > 0 && !KubernetesName.IsValid(request.Name))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, $"name \"{request.Name}\" is not a Kubernetes name (lower-case alphanumerics, '-' and '.', at most {KubernetesName.MaxLength})");
        }

        if (request.Run != 0 && request.ContainerIds.Count != 1)
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, "run is taken with exactly one container id");
        }

        var containers = new List<ContainerSnapshot>(request.ContainerIds.Count);
        foreach (string id in request.ContainerIds.Distinct(StringComparer.Ordinal))
        {
            ContainerSnapshot snapshot = RecorderApi.Find(reader, id, request.Run, includeSyscalls: true);
            if (!containers.Any(c => c.Key == snapshot.Key))
            {
                containers.Add(snapshot);
            }
        }

        // Derived from the id the first one resolved to, not from a prefix of it.
        string name = request.Name.Length > 0 ? request.Name : KubernetesName.From(containers[0].Id);
        EnforcingProfile profile = ProfileBuilder.Build(containers, errno);
        var response = new ExportProfileResponse();
        if (request.Format == Api.V1.ProfileFormat.Spo)
        {
            response.Format = Api.V1.ProfileFormat.Spo;
            response.Profile = SpoProfileText.Render(profile, name);
            response.Warnings.AddRange(SpoProfileText.Warnings(profile));
        }
        else
        {
            response.Format = Api.V1.ProfileFormat.Oci;
            response.Profile = OciProfileText.Render(profile);
            response.Warnings.AddRange(profile.Warnings);
        }

        return response;
    }
}
