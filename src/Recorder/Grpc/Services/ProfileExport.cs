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

        string name = request.Name.Length > 0 ? request.Name : KubernetesName.From(request.ContainerIds[0]);
        if (!KubernetesName.IsValid(name))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, $"name \"{request.Name}\" is not a Kubernetes name (lower-case alphanumerics, '-' and '.', at most {KubernetesName.MaxLength})");
        }

        var containers = new List<ContainerSnapshot>(request.ContainerIds.Count);
        foreach (string id in request.ContainerIds.Distinct(StringComparer.Ordinal))
        {
            if (!reader.TryGetContainer(id, out ContainerSnapshot? snapshot))
            {
                throw new GrpcCallException(StatusCode.NotFound, $"container \"{id}\" not found");
            }

            containers.Add(snapshot);
        }

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
