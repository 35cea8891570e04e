using Google.Protobuf;
using Grpc.Core;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Policy;
using SeccompRecorder.Profiles;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Grpc.Services;

/// <summary>ExportProfile: validates the request (each field for what it means to its format), then renders the profile from snapshots.</summary>
internal static class ProfileExport
{
    /// <summary>The most ids one request may merge: each is a lookup, and a profile of more is not one workload's.</summary>
    public const int MaxContainerIds = 1024;

    public static ExportProfileResponse Export(IRecordingReader reader, ExportProfileRequest request)
    {
        if (request.ContainerIds.Count == 0 || request.ContainerIds.Any(string.IsNullOrEmpty))
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, "at least one container id is required, and none may be empty");
        }

        if (request.ContainerIds.Count > MaxContainerIds)
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, $"at most {MaxContainerIds} container ids are merged, not {request.ContainerIds.Count}");
        }

        if (!Enum.IsDefined(request.Format))
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, $"format {(int)request.Format} is not one of PROFILE_FORMAT_OCI (1) and PROFILE_FORMAT_SPO (2); unset (0) is OCI");
        }

        int errno = 1;
        if (request.DefaultErrno.Length > 0 && !ErrnoNames.TryParse(request.DefaultErrno, out errno))
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, $"default_errno {EchoedText.Quote(request.DefaultErrno)} is not an errno name (EPERM, in any case) or a number from 1 to {ErrnoNames.MaxErrno}, without spaces");
        }

        bool spo = request.Format == Api.V1.ProfileFormat.Spo;
        if (spo && request.Name.Length > 0 && !KubernetesName.IsValid(request.Name))
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, $"name {EchoedText.Quote(request.Name)} is not a Kubernetes name (lower-case alphanumerics, '-' and '.', at most {KubernetesName.MaxLength})");
        }

        if (spo && !Enum.IsDefined(request.SpoApiVersion))
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, $"spo_api_version {(int)request.SpoApiVersion} is not one of SPO_API_VERSION_V1 (1) and SPO_API_VERSION_V1BETA1 (2); unset (0) is v1");
        }

        if (request.Run != 0 && request.ContainerIds.Count != 1)
        {
            throw RecorderApi.Fail(StatusCode.InvalidArgument, "run is taken with exactly one container id");
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

        EnforcingProfile profile = ProfileBuilder.Build(containers, errno, request.SeenOnly, request.Args);
        List<Recording.Executables.ExecutableSnapshot> executables = ExecutableListing.Merge(containers);
        var response = new ExportProfileResponse();
        IReadOnlyList<string> warnings;
        if (spo)
        {
            // Derived from the id the first one resolved to, not from a prefix of it.
            string name = request.Name.Length > 0 ? request.Name : KubernetesName.From(containers[0].Id);
            response.Format = Api.V1.ProfileFormat.Spo;
            response.Profile = SpoProfileText.Render(
                profile, name, request.SpoApiVersion == Api.V1.SpoApiVersion.V1Beta1 ? Profiles.SpoApiVersion.V1Beta1 : Profiles.SpoApiVersion.V1,
                [.. executables.Select(ExecutableListing.Line)]);
            warnings = SpoProfileText.Warnings(profile);
        }
        else
        {
            response.Format = Api.V1.ProfileFormat.Oci;
            response.Profile = OciProfileText.Render(profile);
            warnings = profile.Warnings;
        }

        AddWarnings(response, warnings, GrpcLimits.ResponseBudgetBytes);
        AddExecutables(response, executables, GrpcLimits.ResponseBudgetBytes);
        return response;
    }

    /// <summary>After the profile and its warnings: the busiest executables that fit, executables_truncated when not all did.</summary>
    internal static void AddExecutables(ExportProfileResponse response, IReadOnlyList<Recording.Executables.ExecutableSnapshot> executables, int budget)
    {
        int used = response.CalculateSize() + 2; // and executables_truncated
        foreach (Recording.Executables.ExecutableSnapshot snapshot in executables)
        {
            Executable executable = ExecutableMapper.ToExecutable(snapshot);
            // Field 10's tag, then the length-prefixed message.
            int size = 1 + CodedOutputStream.ComputeMessageSize(executable);
            if (used + size > budget)
            {
                response.ExecutablesTruncated = true;
                return;
            }

            response.Executables.Add(executable);
            used += size;
        }
    }

    /// <summary>
    /// The profile is sent whole or not at all (part of one would deny what ran); warnings, one per left-out call and
    /// container, fill what room is left, and the rest are counted in warnings_omitted.
    /// </summary>
    internal static void AddWarnings(ExportProfileResponse response, IReadOnlyList<string> warnings, int budget)
    {
        int used = response.CalculateSize();
        if (used > budget)
        {
            throw RecorderApi.Fail(StatusCode.ResourceExhausted, $"the profile is {used} bytes, more than one message may hold ({GrpcLimits.MaxMessageBytes})");
        }

        int added = 0;
        foreach (string warning in warnings)
        {
            // Field 3's tag, then the length-prefixed string.
            int size = 1 + CodedOutputStream.ComputeStringSize(warning);
            if (used + size > budget)
            {
                break;
            }

            response.Warnings.Add(warning);
            used += size;
            added++;
        }

        response.WarningsOmitted = (uint)(warnings.Count - added);
    }
}
