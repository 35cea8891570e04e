using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>
/// SPO exports against SPO 1.0.0's SeccompProfile CRD (Spo/seccompprofile-crd.yaml), validated by python3-jsonschema
/// (Spo/validate_spo.py: fields the schema lacks, repeated set items and overflowing integers are errors too).
/// </summary>
public sealed class SpoSchemaTests
{
    // Debian's python3 with python3-yaml and python3-jsonschema, not a pyenv python3 on PATH.
    private const string Python = "/usr/bin/python3";

    private static readonly string s_directory = Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Profiles", "Spo");

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task Render_RecordingsMultiArchAndErrno_ValidAgainstTheCrd(string apiVersion)
    {
        SpoApiVersion version = apiVersion == "v1" ? SpoApiVersion.V1 : SpoApiVersion.V1Beta1;
        using var dir = new TempDirectory();
        (string Name, EnforcingProfile Profile)[] exports =
        [
            ("two-archs-unknown-numbers", ProfileBuilder.Build([ProfileSamples.Web, ProfileSamples.Worker], 1)),
            ("enosys", ProfileBuilder.Build([ProfileSamples.Mixed], 38)),
            ("nothing-recorded", ProfileBuilder.Build([ProfileSamples.Container("empty")], 1)),
            ("hostile-id", ProfileBuilder.Build([ProfileSamples.Container("x\nmetadata:\n  namespace: \"#"), ProfileSamples.Web], 13)),
            ("argument-rules", ProfileBuilder.Build([ArgumentRulesTests.ArgumentSample], 1, withArguments: true)),
        ];
        string[] files = [.. exports.Select(e => dir.CreateFile(e.Name + ".yaml", SpoProfileText.Render(e.Profile, e.Name, version)))];

        ProcessResult result = await ValidateAsync(files);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("op: SCMP_CMP_MASKED_EQ", File.ReadAllText(files[^1]), StringComparison.Ordinal);
        Assert.All(files, f => Assert.StartsWith(
            $"apiVersion: security-profiles-operator.x-k8s.io/{apiVersion}\n", File.ReadAllLines(f).First(l => !l.StartsWith('#')) + "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("metadata:\n  name: x\n  namespace: default\n", "should not be valid under {'required': ['namespace']}")]
    [InlineData("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  defaultErrnoRet: 38\n", "'defaultErrnoRet' was unexpected")]
    [InlineData("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - action: SCMP_ACT_ALLOW\n    names: []\n", "/spec/syscalls/0/names: [] is too short")]
    [InlineData("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - action: SCMP_ACT_ALLOW\n    names: [read, read]\n", "has non-unique elements")]
    [InlineData("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - action: SCMP_ACT_ALLOW\n    names: [socket]\n    args: [{index: 0, op: SCMP_CMP_EQ, value: -1}]\n", "-1 is less than the minimum of 0")]
    [InlineData("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - action: SCMP_ACT_ALLOW\n    names: [socket]\n    args: [{index: 0, op: SCMP_CMP_EQ, value: 18446744073709551615}]\n", "is greater than the maximum of 9223372036854775807")]
    [InlineData("apiVersion: security-profiles-operator.x-k8s.io/v1alpha1\n", "is not served")]
    public async Task Validator_WhatTheCrdRefuses_Rejected(string replacement, string expected)
    {
        // A valid v1 profile with one top-level key replaced: the validator must be able to fail.
        var parts = new Dictionary<string, string>
        {
            ["apiVersion"] = "apiVersion: security-profiles-operator.x-k8s.io/v1\n",
            ["kind"] = "kind: SeccompProfile\n",
            ["metadata"] = "metadata:\n  name: x\n",
            ["spec"] = "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - action: SCMP_ACT_ALLOW\n    names: [read]\n",
        };
        using var dir = new TempDirectory();
        string valid = dir.CreateFile("valid.yaml", string.Concat(parts.Values));
        parts[replacement[..replacement.IndexOf(':', StringComparison.Ordinal)]] = replacement;
        string bad = dir.CreateFile("bad.yaml", string.Concat(parts.Values));

        ProcessResult accepted = await ValidateAsync([valid]);
        ProcessResult refused = await ValidateAsync([bad]);

        Assert.True(accepted.Succeeded, accepted.ToString());
        Assert.False(refused.Succeeded, refused.ToString());
        Assert.Contains(expected, refused.StandardOutput, StringComparison.Ordinal);
    }

    internal static async Task<ProcessResult> ValidateAsync(IReadOnlyList<string> profiles)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: apt-get install python3-yaml python3-jsonschema (scripts/install-test-deps.sh)");
        return await ProcessRunner.RunAsync(
            Python, [Path.Combine(s_directory, "validate_spo.py"), Path.Combine(s_directory, "seccompprofile-crd.yaml"), .. profiles], TestTimeouts.Default, CancellationToken.None);
    }
}
